using MeetingBot.Meetings.Activation;
using MeetingBot.Meetings.Tokens;
using MeetingBot.Meetings;
using MeetingBot.Sandbox;
using MeetingBot.State.SignInLocks;
using MeetingBot.State;
using MeetingBot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MeetingBot.Tests.State;

/// <summary>The token provider's sign-in lock, wired in the real host, across two replicas sharing one Redis.</summary>
public sealed class SignInAcrossReplicasTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private const string MeetingId = HuaweiSimulatorOptions.DemoMeetingId;
    private const string Password = HuaweiSimulatorOptions.DemoPassword;

    // Room for every concurrent activation of one user: what is counted here is sign-ins, not refusals.
    private static readonly Dictionary<string, string> Roomy = new()
    {
        ["Protection:AttemptsPerMinute"] = "1000",
        ["Protection:MaxQueuedAttemptsPerUser"] = "100",
    };

    public Task InitializeAsync() => redis.FlushAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task With_Redis_the_host_signs_in_under_the_Redis_lock_without_it_under_none()
    {
        await using var replicas = await ReplicasSharingRedis.StartAsync(redis);
        await using var single = await MeetingBotApplication.StartAsync();

        Assert.IsType<RedisSignInLock>(replicas.A.Services.GetRequiredService<ISignInLock>());
        Assert.IsType<NoSignInLock>(single.Services.GetRequiredService<ISignInLock>());
    }

    [Fact]
    public async Task Concurrent_activations_of_one_user_on_two_replicas_make_one_Huawei_sign_in()
    {
        await using var replicas = await ReplicasSharingRedis.StartAsync(redis, Roomy);
        var user = new ChatUser("msteams", "tenant-1", "29:concurrent");

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            Task.Run(() => ReplicasSharingRedis.ActivateAsync(i % 2 == 0 ? replicas.A : replicas.B, user, MeetingId, Password))));

        Assert.All(results, result => Assert.True(result.IsActivated, result.Outcome.ToString()));
        Assert.Equal(1, replicas.Huawei.AuthRequests);
        Assert.Equal(16, replicas.Huawei.StartRequests);
    }

    [Fact]
    public async Task A_user_signed_in_on_one_replica_is_not_signed_in_again_on_the_other_and_after_sign_out_signs_in_again()
    {
        await using var replicas = await ReplicasSharingRedis.StartAsync(redis);
        var user = new ChatUser("webchat", null, "user-signout");

        Assert.True((await ReplicasSharingRedis.ActivateAsync(replicas.A, user, MeetingId, Password)).IsActivated);
        Assert.True((await ReplicasSharingRedis.ActivateAsync(replicas.B, user, MeetingId, Password)).IsActivated);
        Assert.Equal(1, replicas.Huawei.AuthRequests);

        await replicas.B.Services.GetRequiredService<IMeetingActivationService>().SignOutAsync(user, CancellationToken.None);
        Assert.True((await ReplicasSharingRedis.ActivateAsync(replicas.B, user, MeetingId, Password)).IsActivated);

        Assert.Equal(2, replicas.Huawei.AuthRequests);
    }

    [Fact]
    public async Task A_token_Huawei_revoked_is_replaced_once_and_the_replacement_serves_the_other_replica()
    {
        await using var replicas = await ReplicasSharingRedis.StartAsync(redis);
        var user = new ChatUser("webchat", null, "user-revoked");
        Assert.True((await ReplicasSharingRedis.ActivateAsync(replicas.A, user, MeetingId, Password)).IsActivated);
        Assert.True((await ReplicasSharingRedis.ActivateAsync(replicas.B, user, MeetingId, Password)).IsActivated);

        replicas.Huawei.RevokeAllTokens();
        Assert.True((await ReplicasSharingRedis.ActivateAsync(replicas.A, user, MeetingId, Password)).IsActivated);
        Assert.Equal(2, replicas.Huawei.AuthRequests);

        // B still holds the revoked token locally: Huawei refuses it, B drops its copy only (A's new token stays in Redis) and uses the new one.
        Assert.True((await ReplicasSharingRedis.ActivateAsync(replicas.B, user, MeetingId, Password)).IsActivated);
        Assert.True((await ReplicasSharingRedis.ActivateAsync(replicas.A, user, MeetingId, Password)).IsActivated);

        Assert.Equal(2, replicas.Huawei.AuthRequests);
    }
}
