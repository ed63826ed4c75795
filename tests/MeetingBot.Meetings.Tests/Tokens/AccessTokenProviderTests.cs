using MeetingBot.Meetings.Huawei;
using MeetingBot.Meetings.Tests.Support;
using MeetingBot.Meetings.Tokens;
using Microsoft.Extensions.Time.Testing;

namespace MeetingBot.Meetings.Tests.Tokens;

public class AccessTokenProviderTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 7, 0, 0, TimeSpan.Zero));
    private readonly FakeHuaweiMeetingApi _api = new();

    [Fact]
    public async Task A_cached_token_is_reused_without_authenticating_again()
    {
        _api.OnAuthenticate("u1", Services.Token("token-1"));
        var provider = Services.TokenProvider(_api, _time);

        var first = await provider.GetAsync(Services.Subject("teams|t|u1", "u1"), CancellationToken.None);
        var second = await provider.GetAsync(Services.Subject("teams|t|u1", "u1"), CancellationToken.None);

        Assert.Equal("token-1", first.Value!.Value);
        Assert.Same(first.Value, second.Value);
        Assert.Equal(["u1"], _api.Authentications);
    }

    [Fact]
    public async Task A_token_is_renewed_once_within_the_margin_before_the_announced_expiry()
    {
        _api.OnAuthenticate("u1", Services.Token("token-1", validPeriodSeconds: 3600), Services.Token("token-2", validPeriodSeconds: 3600));
        var provider = Services.TokenProvider(_api, _time, Services.Options(o => o.TokenExpiryMargin = TimeSpan.FromMinutes(5)));

        await provider.GetAsync(Services.Subject("k", "u1"), CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(54) + TimeSpan.FromSeconds(59));
        var beforeMargin = await provider.GetAsync(Services.Subject("k", "u1"), CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(1));
        var atMargin = await provider.GetAsync(Services.Subject("k", "u1"), CancellationToken.None);

        Assert.Equal("token-1", beforeMargin.Value!.Value);
        Assert.Equal("token-2", atMargin.Value!.Value);
        Assert.Equal(["u1", "u1"], _api.Authentications);
    }

    [Fact]
    public async Task The_expiry_comes_from_the_answer_taking_the_earlier_of_expire_time_and_valid_period()
    {
        var expireTimeMs = _time.GetUtcNow().AddMinutes(20).ToUnixTimeMilliseconds();
        _api.OnAuthenticate("u1", HuaweiCallResult<AppAuthResponse>.Success(new AppAuthResponse("t", 86400, expireTimeMs), "r"));
        var provider = Services.TokenProvider(_api, _time, Services.Options(o => o.TokenExpiryMargin = TimeSpan.FromMinutes(5)));

        var token = await provider.GetAsync(Services.Subject("k", "u1"), CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(15));
        await provider.GetAsync(Services.Subject("k", "u1"), CancellationToken.None);

        Assert.Equal(_time.GetUtcNow().AddMinutes(5), token.Value!.ExpiresAt);
        Assert.Equal(["u1", "u1"], _api.Authentications);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData(60L, null)]
    public async Task A_token_without_expiry_or_shorter_than_the_margin_is_used_once_and_not_cached(long? validPeriod, long? expireTime)
    {
        _api.OnAuthenticate("u1", HuaweiCallResult<AppAuthResponse>.Success(new AppAuthResponse("t", validPeriod, expireTime), "r"));
        var provider = Services.TokenProvider(_api, _time);

        var first = await provider.GetAsync(Services.Subject("k", "u1"), CancellationToken.None);
        await provider.GetAsync(Services.Subject("k", "u1"), CancellationToken.None);

        Assert.Equal("t", first.Value!.Value);
        Assert.Equal(["u1", "u1"], _api.Authentications);
    }

    [Fact]
    public void ToToken_reads_expire_time_in_seconds_or_milliseconds()
    {
        var now = _time.GetUtcNow();
        var inSeconds = AccessTokenProvider.ToToken(new AppAuthResponse("t", null, now.AddHours(1).ToUnixTimeSeconds()), now);
        var inMilliseconds = AccessTokenProvider.ToToken(new AppAuthResponse("t", null, now.AddHours(1).ToUnixTimeMilliseconds()), now);

        Assert.Equal(now.AddHours(1), inSeconds!.ExpiresAt);
        Assert.Equal(now.AddHours(1), inMilliseconds!.ExpiresAt);
        Assert.Null(AccessTokenProvider.ToToken(new AppAuthResponse(null, 3600, null), now));
    }

    [Fact]
    public async Task Many_concurrent_requests_of_one_user_cause_exactly_one_authentication()
    {
        var answer = new TaskCompletionSource<HuaweiCallResult<AppAuthResponse>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var authenticating = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _api.OnAuthenticate("u1", _ =>
        {
            authenticating.TrySetResult();
            return answer.Task;
        });
        var provider = Services.TokenProvider(_api, _time);

        var waiting = Enumerable.Range(0, 64)
            .Select(_ => Task.Run(() => provider.GetAsync(Services.Subject("k", "u1"), CancellationToken.None)))
            .ToList();
        await authenticating.Task.WaitAsync(TimeSpan.FromSeconds(30));
        answer.SetResult(Services.Token("shared"));
        var results = await Task.WhenAll(waiting);

        Assert.Single(_api.Authentications);
        Assert.All(results, r => Assert.Equal("shared", r.Value!.Value));
    }

    [Fact]
    public async Task Different_users_do_not_wait_on_each_other()
    {
        var slowAnswer = new TaskCompletionSource<HuaweiCallResult<AppAuthResponse>>(TaskCreationOptions.RunContinuationsAsynchronously);
        _api.OnAuthenticate("slow", _ => slowAnswer.Task);
        _api.OnAuthenticate("quick", Services.Token("quick-token"));
        var provider = Services.TokenProvider(_api, _time);

        var slow = provider.GetAsync(Services.Subject("k-slow", "slow"), CancellationToken.None);
        var quick = await provider.GetAsync(Services.Subject("k-quick", "quick"), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("quick-token", quick.Value!.Value);
        Assert.False(slow.IsCompleted);
        slowAnswer.SetResult(Services.Token("slow-token"));
        Assert.Equal("slow-token", (await slow).Value!.Value);
    }

    [Fact]
    public async Task One_caller_giving_up_does_not_cancel_the_authentication_others_wait_for()
    {
        var answer = new TaskCompletionSource<HuaweiCallResult<AppAuthResponse>>(TaskCreationOptions.RunContinuationsAsynchronously);
        _api.OnAuthenticate("u1", _ => answer.Task);
        var provider = Services.TokenProvider(_api, _time);
        using var impatient = new CancellationTokenSource();

        var givingUp = provider.GetAsync(Services.Subject("k", "u1"), impatient.Token);
        var patient = provider.GetAsync(Services.Subject("k", "u1"), CancellationToken.None);
        await impatient.CancelAsync();
        answer.SetResult(Services.Token("t"));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => givingUp);
        Assert.Equal("t", (await patient).Value!.Value);
        Assert.Equal(["u1"], _api.Authentications);
    }

    [Fact]
    public async Task A_failed_authentication_is_not_cached()
    {
        _api.OnAuthenticate("u1", HuaweiCallResult<AppAuthResponse>.Failed(new HuaweiFailure(HuaweiFailureKind.HttpError, 503)), Services.Token("t"));
        var provider = Services.TokenProvider(_api, _time);

        var failed = await provider.GetAsync(Services.Subject("k", "u1"), CancellationToken.None);
        var retried = await provider.GetAsync(Services.Subject("k", "u1"), CancellationToken.None);

        Assert.Equal(503, failed.Failure!.StatusCode);
        Assert.Equal("t", retried.Value!.Value);
    }

    [Fact]
    public async Task Dropping_a_rejected_token_forces_a_new_authentication_but_spares_a_newer_token()
    {
        _api.OnAuthenticate("u1", Services.Token("old"), Services.Token("new"));
        var provider = Services.TokenProvider(_api, _time);
        var old = (await provider.GetAsync(Services.Subject("k", "u1"), CancellationToken.None)).Value!;

        await provider.DropAsync(Services.Subject("k", "u1").TokenKey, old, CancellationToken.None);
        var renewed = (await provider.GetAsync(Services.Subject("k", "u1"), CancellationToken.None)).Value!;
        await provider.DropAsync(Services.Subject("k", "u1").TokenKey, old, CancellationToken.None);
        var stillRenewed = (await provider.GetAsync(Services.Subject("k", "u1"), CancellationToken.None)).Value!;

        Assert.Equal("new", renewed.Value);
        Assert.Same(renewed, stillRenewed);
    }

    [Fact]
    public void A_token_never_shows_its_value_when_printed()
    {
        var token = new AccessToken("secret-token-value", _time.GetUtcNow());

        Assert.DoesNotContain("secret-token-value", token.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("secret-token-value", $"{token}", StringComparison.Ordinal);
    }
}
