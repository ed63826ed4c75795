using System.Net;
using MeetingBot.Meetings.Protection;
using MeetingBot.State.HuaweiPauses;
using MeetingBot.State;
using MeetingBot.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace MeetingBot.Tests.State;

/// <summary><see cref="RedisHuaweiPauses"/> on a real redis-server: Huawei's 429 hold seen by one replica holds them all.</summary>
public sealed class RedisHuaweiHoldsTests(RedisServer server) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private const string Start = "/v1/mmc/management/conferences/start";
    private const string Auth = "/v2/usg/acs/auth/appauth";

    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
    private readonly List<ConnectionMultiplexer> _connections = [];
    private readonly List<RedisHuaweiPauses> _replicas = [];

    public Task InitializeAsync() => server.FlushAsync();

    public async Task DisposeAsync()
    {
        foreach (var replica in _replicas)
        {
            await replica.StopAsync(CancellationToken.None);
        }

        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_429_seen_by_replica_A_holds_calls_on_replica_B_too_for_as_long()
    {
        var (a, b) = (await GateAsync(), await GateAsync());

        using var tooMany = TooManyRequests(retryAfterSeconds: 30);
        await a.ObserveAsync(Start, tooMany);
        await Poll.UntilAsync(() => b.HeldFor(Start) is not null, TimeSpan.FromSeconds(10), "B to hear of A's hold");

        Assert.Equal(TimeSpan.FromSeconds(30), a.HeldFor(Start));
        Assert.Equal(TimeSpan.FromSeconds(30), b.HeldFor(Start));
        Assert.Null(b.HeldFor(Auth));
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Null(b.HeldFor(Start));
    }

    [Fact]
    public async Task A_replica_that_starts_after_the_hold_reads_it_and_the_hold_key_expires_with_it()
    {
        var a = await GateAsync();
        using var exhausted = new HttpResponseMessage(HttpStatusCode.OK);
        exhausted.Headers.TryAddWithoutValidation("X-APIG-Ratelimit-User", "remain:0,limit:100,time:1 minute");
        await a.ObserveAsync(Start, exhausted);

        var late = await GateAsync();

        Assert.NotNull(late.HeldFor(Auth));
        Assert.Equal(a.HeldFor(Auth), late.HeldFor(Auth));
        var timeToLive = await _connections[0].GetDatabase().KeyTimeToLiveAsync(RedisHuaweiPauses.PausesKey);
        Assert.NotNull(timeToLive);
        Assert.InRange(timeToLive.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task A_shorter_hold_from_another_replica_never_shortens_a_longer_one()
    {
        var (a, b) = (await GateAsync(), await GateAsync());
        using var longHold = TooManyRequests(retryAfterSeconds: 120);
        using var shortHold = TooManyRequests(retryAfterSeconds: 5);

        await a.ObserveAsync(Start, longHold);
        await Poll.UntilAsync(() => b.HeldFor(Start) is not null, TimeSpan.FromSeconds(10), "B to hear of A's hold");
        await b.ObserveAsync(Start, shortHold);
        var late = await GateAsync();

        Assert.Equal(TimeSpan.FromSeconds(120), a.HeldFor(Start));
        Assert.Equal(TimeSpan.FromSeconds(120), b.HeldFor(Start));
        Assert.Equal(TimeSpan.FromSeconds(120), late.HeldFor(Start));
    }

    private async Task<HuaweiRateLimitGate> GateAsync()
    {
        var connection = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
        _connections.Add(connection);
        var holds = new RedisHuaweiPauses(connection, _time, NullLogger<RedisHuaweiPauses>.Instance);
        await holds.StartAsync(CancellationToken.None);
        _replicas.Add(holds);
        return new HuaweiRateLimitGate(holds, Options.Create(new ProtectionOptions()), _time, NullLogger<HuaweiRateLimitGate>.Instance);
    }

    private static HttpResponseMessage TooManyRequests(int retryAfterSeconds)
    {
        var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(retryAfterSeconds));
        return response;
    }
}
