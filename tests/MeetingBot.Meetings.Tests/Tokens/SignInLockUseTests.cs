using MeetingBot.Meetings.Huawei;
using MeetingBot.Meetings.Tests.Support;
using MeetingBot.Meetings.Tokens;
using MeetingBot.State.AccessTokens;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace MeetingBot.Meetings.Tests.Tokens;

/// <summary>How <see cref="AccessTokenProvider"/> uses the <see cref="ISignInLock"/> (a Redis one across replicas).</summary>
public class SignInLockUseTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 7, 0, 0, TimeSpan.Zero));
    private readonly FakeHuaweiMeetingApi _api = new();

    [Fact]
    public async Task A_token_another_replica_stored_while_we_waited_for_the_lock_is_used_without_calling_Huawei()
    {
        var options = Services.Options();
        var store = new MemoryAccessTokenStore(options);
        var storedElsewhere = new AccessToken("token-from-replica-b", _time.GetUtcNow().AddHours(1));
        var subject = Services.Subject("k", "u1");
        var locks = new Mock<ISignInLock>();
        locks.Setup(l => l.AcquireAsync(subject.TokenKey, options.Value.ActivationTimeout, It.IsAny<CancellationToken>()))
            .Returns(async () =>
            {
                await store.SetAsync(subject.TokenKey, storedElsewhere, TimeSpan.FromMinutes(50), CancellationToken.None);
                return Mock.Of<IAsyncDisposable>();
            });
        var provider = Services.TokenProvider(_api, _time, options, store, locks.Object);

        var token = await provider.GetAsync(subject, CancellationToken.None);

        Assert.Same(storedElsewhere, token.Value);
        Assert.Empty(_api.Authentications);
    }

    [Fact]
    public async Task Huawei_is_called_while_the_lock_is_held_and_the_lock_is_released_after_the_token_is_stored()
    {
        var options = Services.Options();
        var store = new MemoryAccessTokenStore(options);
        var events = new List<string>();
        var held = new Mock<IAsyncDisposable>();
        held.Setup(h => h.DisposeAsync()).Callback(() => events.Add(store.Count == 1 ? "released after storing" : "released before storing"));
        var locks = new Mock<ISignInLock>();
        locks.Setup(l => l.AcquireAsync(It.IsAny<string>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()))
            .Callback(() => events.Add("acquired")).ReturnsAsync(held.Object);
        _api.OnAuthenticate("u1", _ =>
        {
            events.Add("signed in");
            return Task.FromResult(Services.Token("token-1"));
        });
        var provider = Services.TokenProvider(_api, _time, options, store, locks.Object);

        var token = await provider.GetAsync(Services.Subject("k", "u1"), CancellationToken.None);

        Assert.Equal("token-1", token.Value!.Value);
        Assert.Equal(["acquired", "signed in", "released after storing"], events);
    }

    [Fact]
    public async Task A_lock_held_elsewhere_past_the_activation_deadline_fails_as_a_timeout_without_calling_Huawei()
    {
        var locks = new Mock<ISignInLock>();
        locks.Setup(l => l.AcquireAsync(It.IsAny<string>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>())).ThrowsAsync(new TimeoutException());
        var provider = Services.TokenProvider(_api, _time, signInLock: locks.Object);

        var token = await provider.GetAsync(Services.Subject("k", "u1"), CancellationToken.None);

        Assert.Equal(HuaweiFailureKind.Timeout, token.Failure!.Kind);
        Assert.Empty(_api.Authentications);
    }
}
