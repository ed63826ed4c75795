using MeetingBot.Meetings.Activation;
using MeetingBot.Meetings.Protection;
using MeetingBot.Meetings;
using MeetingBot.Sandbox;
using MeetingBot.State.ActivationGuards;
using MeetingBot.State.HuaweiPauses;
using MeetingBot.State;
using MeetingBot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MeetingBot.Tests.State;

/// <summary>
/// Two real hosts sharing one redis-server and one stub Huawei server: the lockout, the user's attempts per minute and
/// Huawei's 429 hold are the same on both, and a refusal never reaches Huawei.
/// </summary>
public sealed class ProtectionAcrossReplicasTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private const string MeetingId = HuaweiSimulatorOptions.DemoMeetingId;
    private const string Password = HuaweiSimulatorOptions.DemoPassword;
    private const string WrongPassword = "654321";

    public Task InitializeAsync() => redis.FlushAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task With_Redis_the_guard_and_the_holds_are_the_Redis_ones_without_it_the_in_process_ones()
    {
        await using var replicas = await ReplicasSharingRedis.StartAsync(redis);
        await using var single = await MeetingBotApplication.StartAsync();

        Assert.IsType<RedisActivationGuard>(replicas.A.Services.GetRequiredService<IActivationGuard>());
        Assert.IsType<RedisHuaweiPauses>(replicas.A.Services.GetRequiredService<IHuaweiPauses>());
        Assert.IsType<InProcessActivationGuard>(single.Services.GetRequiredService<IActivationGuard>());
        Assert.IsType<MemoryHuaweiPauses>(single.Services.GetRequiredService<IHuaweiPauses>());
    }

    [Fact]
    public async Task Five_wrong_passwords_on_replica_A_lock_the_user_out_on_replica_B_with_no_call_to_Huawei()
    {
        await using var replicas = await ReplicasSharingRedis.StartAsync(redis);
        var guesser = new ChatUser("msteams", "tenant-1", "29:guesser");
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(ActivationOutcome.WrongMeetingIdOrPassword, (await ReplicasSharingRedis.ActivateAsync(replicas.A, guesser, MeetingId, WrongPassword)).Outcome);
        }

        var startsBefore = replicas.Huawei.StartRequests;
        var onB = await ReplicasSharingRedis.ActivateAsync(replicas.B, guesser, MeetingId, Password);

        Assert.Equal(ActivationOutcome.LockedOut, onB.Outcome);
        Assert.InRange(onB.RetryAfter!.Value, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));
        Assert.Equal(startsBefore, replicas.Huawei.StartRequests);
        Assert.Equal(1, replicas.Huawei.AuthRequests);
    }

    [Fact]
    public async Task A_users_attempts_per_minute_are_counted_across_replicas()
    {
        await using var replicas = await ReplicasSharingRedis.StartAsync(redis, new Dictionary<string, string> { ["Protection:AttemptsPerMinute"] = "3" });
        var user = new ChatUser("webchat", null, "user-busy");
        foreach (var replica in new[] { replicas.A, replicas.B, replicas.A })
        {
            Assert.True((await ReplicasSharingRedis.ActivateAsync(replica, user, MeetingId, Password)).IsActivated);
        }

        var fourth = await ReplicasSharingRedis.ActivateAsync(replicas.B, user, MeetingId, Password);

        Assert.Equal(ActivationOutcome.TooManyAttempts, fourth.Outcome);
        Assert.Equal(3, replicas.Huawei.StartRequests);
    }

    [Fact]
    public async Task Huaweis_429_seen_by_replica_A_holds_replica_B_without_a_call_to_Huawei()
    {
        await using var replicas = await ReplicasSharingRedis.StartAsync(redis);
        replicas.Huawei.ForceNext(SimulatorEndpoint.StartConference, SimulatedAnswer.RateLimited(TimeSpan.FromSeconds(60), apigRateLimit: null));

        var onA = await ReplicasSharingRedis.ActivateAsync(replicas.A, new ChatUser("webchat", null, "user-a"), MeetingId, Password);
        var gateB = replicas.B.Services.GetRequiredService<HuaweiRateLimitGate>();
        await Poll.UntilAsync(() => gateB.HeldFor(HuaweiSimulator.StartConferencePath) is not null, TimeSpan.FromSeconds(10), "B to hear of the hold");
        var startsBefore = replicas.Huawei.StartRequests;
        var onB = await ReplicasSharingRedis.ActivateAsync(replicas.B, new ChatUser("webchat", null, "user-b"), MeetingId, Password);

        Assert.Equal(ActivationOutcome.RateLimited, onA.Outcome);
        Assert.Equal(ActivationOutcome.RateLimited, onB.Outcome);
        Assert.InRange(onB.RetryAfter!.Value, TimeSpan.FromSeconds(50), TimeSpan.FromSeconds(60));
        Assert.Equal(startsBefore, replicas.Huawei.StartRequests);
    }
}
