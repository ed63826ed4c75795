using System.Net;
using MeetingBot.Meetings.Protection;
using MeetingBot.State.HuaweiPauses;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace MeetingBot.Tests.State.Contracts;

/// <summary>
/// What every <see cref="IHuaweiPauses"/> must do, each rule written once: nothing is paused until Huawei asks; a pause
/// holds its endpoint (or every endpoint) until its end and no longer, at once where it was asked for and on every replica
/// that shares it; a shorter pause never shortens a longer one. Most rules are seen through the one reader of pauses,
/// <see cref="HuaweiRateLimitGate"/>, fed Huawei's answers. Steps land on <see cref="Replica.A"/> or <see cref="Replica.B"/>.
/// Runs against <see cref="MemoryHuaweiPauses"/> (<see cref="MemoryHuaweiPausesContractTests"/>) and
/// <see cref="RedisHuaweiPauses"/> (<see cref="RedisHuaweiPausesTests"/>, with what only Redis does: a replica that starts
/// later reads the pauses, and their key expires with them).
/// </summary>
public abstract class HuaweiPausesContract
{
    protected const string Start = "/v1/mmc/management/conferences/start";
    protected const string Auth = "/v2/usg/acs/auth/appauth";

    /// <summary>Whole milliseconds, as Redis keeps them.</summary>
    protected FakeTimeProvider Time { get; } = new(DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));

    /// <summary>The pauses on <paramref name="replica"/>, started.</summary>
    protected abstract Task<IHuaweiPauses> PausesAsync(Replica replica);

    [Fact]
    public async Task Nothing_is_paused_before_Huawei_asks()
    {
        var (a, b) = (await PausesAsync(Replica.A), await PausesAsync(Replica.B));

        Assert.Equal(DateTimeOffset.MinValue, a.PausedUntil(Start));
        Assert.Equal(DateTimeOffset.MinValue, b.PausedUntil("*"));
    }

    [Fact]
    public async Task A_pause_is_kept_to_the_millisecond_at_once_where_it_was_asked_for_and_reaches_every_replica()
    {
        var (a, b) = (await PausesAsync(Replica.A), await PausesAsync(Replica.B));
        var until = Time.GetUtcNow().AddSeconds(30);

        await a.PauseUntilAsync(Start, until);

        Assert.Equal(until, a.PausedUntil(Start));
        await Poll.UntilAsync(() => b.PausedUntil(Start) == until, TimeSpan.FromSeconds(10), "B to know of A's pause");
        Assert.Equal(DateTimeOffset.MinValue, b.PausedUntil(Auth));
        Assert.Equal(DateTimeOffset.MinValue, a.PausedUntil(Auth));
    }

    [Fact]
    public async Task A_429_seen_on_one_replica_holds_calls_to_that_endpoint_everywhere_for_as_long()
    {
        var (a, b) = (await GateAsync(Replica.A), await GateAsync(Replica.B));

        using var tooMany = TooManyRequests(retryAfterSeconds: 30);
        await a.ObserveAsync(Start, tooMany);
        await Poll.UntilAsync(() => b.HeldFor(Start) is not null, TimeSpan.FromSeconds(10), "B to hear of A's hold");

        Assert.Equal(TimeSpan.FromSeconds(30), a.HeldFor(Start));
        Assert.Equal(TimeSpan.FromSeconds(30), b.HeldFor(Start));
        Assert.Null(b.HeldFor(Auth));
        Time.Advance(TimeSpan.FromSeconds(30));
        Assert.Null(b.HeldFor(Start));
        Assert.Null(a.HeldFor(Start));
    }

    [Fact]
    public async Task An_exhausted_limit_of_every_endpoint_holds_every_endpoint_everywhere()
    {
        var (a, b) = (await GateAsync(Replica.A), await GateAsync(Replica.B));
        using var exhausted = new HttpResponseMessage(HttpStatusCode.OK);
        exhausted.Headers.TryAddWithoutValidation("X-APIG-Ratelimit-User", "remain:0,limit:100,time:1 minute");

        await a.ObserveAsync(Start, exhausted);
        await Poll.UntilAsync(() => b.HeldFor(Auth) is not null, TimeSpan.FromSeconds(10), "B to hear of A's hold");

        Assert.Equal(TimeSpan.FromMinutes(1), a.HeldFor(Auth));
        Assert.Equal(a.HeldFor(Auth), b.HeldFor(Auth));
        Assert.Equal(a.HeldFor(Auth), b.HeldFor(Start));
    }

    [Fact]
    public async Task A_shorter_hold_never_shortens_a_longer_one_wherever_it_is_seen()
    {
        var (a, b) = (await GateAsync(Replica.A), await GateAsync(Replica.B));
        using var longHold = TooManyRequests(retryAfterSeconds: 120);
        using var shortHold = TooManyRequests(retryAfterSeconds: 5);

        await a.ObserveAsync(Start, longHold);
        await Poll.UntilAsync(() => b.HeldFor(Start) is not null, TimeSpan.FromSeconds(10), "B to hear of A's hold");
        await b.ObserveAsync(Start, shortHold);
        await a.ObserveAsync(Start, shortHold);

        Assert.Equal(TimeSpan.FromSeconds(120), a.HeldFor(Start));
        Assert.Equal(TimeSpan.FromSeconds(120), b.HeldFor(Start));
    }

    /// <summary>The gate in front of Huawei on <paramref name="replica"/>, reading and writing its pauses.</summary>
    protected async Task<HuaweiRateLimitGate> GateAsync(Replica replica) =>
        new(await PausesAsync(replica), Options.Create(new ProtectionOptions()), Time, NullLogger<HuaweiRateLimitGate>.Instance);

    protected static HttpResponseMessage TooManyRequests(int retryAfterSeconds)
    {
        var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(retryAfterSeconds));
        return response;
    }
}

/// <summary>The contract on <see cref="MemoryHuaweiPauses"/>: one process, so A and B are the same pauses.</summary>
public sealed class MemoryHuaweiPausesContractTests : HuaweiPausesContract
{
    private readonly MemoryHuaweiPauses _pauses = new();

    protected override Task<IHuaweiPauses> PausesAsync(Replica replica) => Task.FromResult<IHuaweiPauses>(_pauses);
}
