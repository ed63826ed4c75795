using MeetingBot.Meetings.Activation;
using MeetingBot.Meetings.Protection;
using MeetingBot.Meetings;
using MeetingBot.State.ActivationGuards;
using MeetingBot.State;
using MeetingBot.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;
using StackExchange.Redis;

namespace MeetingBot.Tests.State;

/// <summary>
/// <see cref="RedisActivationGuard"/> on a real redis-server, as two "replicas" (each its own connection and guard) in
/// front of the same inner stage, which answers as Huawei would (986030665 / 123456 is right) and is counted.
/// </summary>
public sealed class RedisActivationGuardTests(RedisServer server) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private const string Meeting = "986030665";
    private const string Right = "123456";
    private const string Wrong = "654321";

    private static readonly ChatUser Alice = new("msteams", "tenant-1", "29:alice");

    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
    private readonly ProtectionOptions _protection = new() { AttemptsPerMinute = 1_000 };
    private readonly HuaweiMeetingOptions _huawei = new() { ActivationTimeout = TimeSpan.FromSeconds(12) };
    private readonly Mock<IMeetingActivationService> _inner = new();
    private readonly List<ConnectionMultiplexer> _connections = [];

    public async Task InitializeAsync()
    {
        await server.FlushAsync();
        AnswerAfter(() => Task.CompletedTask);
    }

    public async Task DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }

    [Fact]
    public async Task Five_wrong_passwords_on_replica_A_lock_the_user_out_on_replica_B_without_calling_the_inner_stage()
    {
        var (a, b) = (await ReplicaAsync(), await ReplicaAsync());
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(ActivationOutcome.WrongMeetingIdOrPassword, (await a.ActivateAsync(Alice, Meeting, Wrong, CancellationToken.None)).Outcome);
            _time.Advance(TimeSpan.FromSeconds(30));
        }

        var onB = await b.ActivateAsync(Alice, Meeting, Right, CancellationToken.None);

        Assert.Equal(ActivationOutcome.LockedOut, onB.Outcome);
        Assert.Equal(TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(150), onB.RetryAfter);
        InnerCalls(5);
    }

    [Fact]
    public async Task The_lockout_ends_on_every_replica_when_the_oldest_failure_leaves_the_window()
    {
        var (a, b) = (await ReplicaAsync(), await ReplicaAsync());
        for (var i = 0; i < 5; i++)
        {
            await (i % 2 == 0 ? a : b).ActivateAsync(Alice, Meeting, Wrong, CancellationToken.None);
        }

        var lockedOut = await a.ActivateAsync(Alice, Meeting, Right, CancellationToken.None);
        _time.Advance(lockedOut.RetryAfter!.Value);
        var afterwards = await b.ActivateAsync(Alice, Meeting, Right, CancellationToken.None);

        Assert.Equal(ActivationOutcome.LockedOut, lockedOut.Outcome);
        Assert.Equal(ActivationOutcome.Activated, afterwards.Outcome);
    }

    [Fact]
    public async Task A_success_forgets_that_meetings_failures_but_not_the_users_count_across_meetings()
    {
        _protection.MaxFailedAttemptsPerUser = 6;
        var (a, b) = (await ReplicaAsync(), await ReplicaAsync());
        for (var i = 0; i < 4; i++)
        {
            await a.ActivateAsync(Alice, Meeting, Wrong, CancellationToken.None);
        }

        Assert.Equal(ActivationOutcome.Activated, (await b.ActivateAsync(Alice, Meeting, Right, CancellationToken.None)).Outcome);
        await a.ActivateAsync(Alice, Meeting, Wrong, CancellationToken.None);
        await b.ActivateAsync(Alice, "555000111", Right, CancellationToken.None);
        var afterSixFailures = await a.ActivateAsync(Alice, Meeting, Right, CancellationToken.None);

        Assert.Equal(ActivationOutcome.LockedOut, afterSixFailures.Outcome);
        InnerCalls(7);
    }

    [Fact]
    public async Task Wrong_passwords_sent_at_once_to_two_replicas_lock_out_after_exactly_the_limit()
    {
        _protection.MaxQueuedAttemptsPerUser = 20;
        AnswerAfter(() => Task.Delay(5));
        var (a, b) = (await ReplicaAsync(), await ReplicaAsync());

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            Task.Run(() => (i % 2 == 0 ? a : b).ActivateAsync(Alice, Meeting, Wrong, CancellationToken.None))));

        Assert.Equal(5, results.Count(r => r.Outcome == ActivationOutcome.WrongMeetingIdOrPassword));
        Assert.Equal(7, results.Count(r => r.Outcome == ActivationOutcome.LockedOut));
        InnerCalls(5);
    }

    [Fact]
    public async Task The_attempts_per_minute_are_the_users_whichever_replica_takes_them()
    {
        _protection.AttemptsPerMinute = 3;
        var (a, b) = (await ReplicaAsync(), await ReplicaAsync());
        foreach (var replica in new[] { a, b, a })
        {
            Assert.True((await replica.ActivateAsync(Alice, Meeting, Right, CancellationToken.None)).IsActivated);
        }

        var fourth = await b.ActivateAsync(Alice, Meeting, Right, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(20));
        var afterOnePeriod = await a.ActivateAsync(Alice, Meeting, Right, CancellationToken.None);
        var oneTooMany = await b.ActivateAsync(Alice, Meeting, Right, CancellationToken.None);

        Assert.Equal(ActivationOutcome.TooManyAttempts, fourth.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(20), fourth.RetryAfter);
        Assert.True(afterOnePeriod.IsActivated);
        Assert.Equal(ActivationOutcome.TooManyAttempts, oneTooMany.Outcome);
        InnerCalls(4);
    }

    [Fact]
    public async Task A_users_activations_run_one_at_a_time_across_replicas_and_one_beyond_the_queue_is_refused()
    {
        _protection.MaxQueuedAttemptsPerUser = 2;
        var release = new TaskCompletionSource();
        var running = 0;
        var mostAtOnce = 0;
        AnswerAfter(async () =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref mostAtOnce, now);
            await release.Task;
            Interlocked.Decrement(ref running);
        });
        var (a, b) = (await ReplicaAsync(), await ReplicaAsync());

        var first = a.ActivateAsync(Alice, Meeting, Right, CancellationToken.None);
        await Poll.UntilAsync(() => running == 1, TimeSpan.FromSeconds(10), "the first activation to run");
        var queued = new[] { b.ActivateAsync(Alice, Meeting, Right, CancellationToken.None), a.ActivateAsync(Alice, Meeting, Right, CancellationToken.None) };
        await Poll.UntilAsync(() => QueueLength() == 2, TimeSpan.FromSeconds(10), "two attempts to queue");
        var refused = await b.ActivateAsync(Alice, Meeting, Right, CancellationToken.None);
        Assert.All(queued, q => Assert.False(q.IsCompleted));
        release.SetResult();

        Assert.Equal(ActivationOutcome.TooManyAtOnce, refused.Outcome);
        Assert.Equal(UserAttemptLimiter.BusyRetryAfter, refused.RetryAfter);
        Assert.All(await Task.WhenAll([first, .. queued]), r => Assert.True(r.IsActivated));
        Assert.Equal(1, mostAtOnce);
        InnerCalls(3);
    }

    [Fact]
    public async Task A_queued_attempt_still_waiting_at_the_deadline_times_out_and_leaves_the_queue()
    {
        var release = new TaskCompletionSource();
        AnswerAfter(() => release.Task);
        var (a, b) = (await ReplicaAsync(), await ReplicaAsync());

        var running = a.ActivateAsync(Alice, Meeting, Right, CancellationToken.None);
        await Poll.UntilAsync(() => InnerCallCount() == 1, TimeSpan.FromSeconds(10), "the first activation to run");
        var queued = b.ActivateAsync(Alice, Meeting, Right, CancellationToken.None);
        await Poll.UntilAsync(() => QueueLength() == 1, TimeSpan.FromSeconds(10), "the second to queue");
        _time.Advance(_huawei.ActivationTimeout);
        var timedOut = await queued.WaitAsync(TimeSpan.FromSeconds(30));
        release.SetResult();
        await running;

        Assert.Equal(ActivationOutcome.TimedOut, timedOut.Outcome);
        Assert.Equal(0, QueueLength());
        InnerCalls(1);
    }

    [Fact]
    public async Task A_turn_left_by_a_replica_that_died_lapses_by_itself()
    {
        _huawei.ActivationTimeout = TimeSpan.FromMilliseconds(300);
        var dying = new RedisActivationGuard(await ConnectAsync(), Options.Create(_protection), Options.Create(_huawei), _time, NullLogger<RedisActivationGuard>.Instance);
        var b = await ReplicaAsync();

        var abandoned = await dying.AdmitAsync(Alice, Meeting, CancellationToken.None);
        await _connections[0].CloseAsync();
        var whileHeld = b.ActivateAsync(Alice, Meeting, Right, CancellationToken.None);
        await Poll.UntilAsync(() => QueueLength() == 1, TimeSpan.FromSeconds(10), "the attempt on B to queue");
        var lease = await Database().KeyTimeToLiveAsync(RedisActivationGuard.UserKeyPrefix(Alice) + "turn");
        _time.Advance(_huawei.ActivationTimeout);

        Assert.NotNull(abandoned.Turn);
        Assert.Equal(ActivationOutcome.TimedOut, (await whileHeld.WaitAsync(TimeSpan.FromSeconds(30))).Outcome);
        Assert.NotNull(lease);
        Assert.InRange(lease.Value, TimeSpan.FromSeconds(1), _huawei.ActivationTimeout + RedisActivationGuard.LeaseMargin);
        await Poll.UntilAsync(() => !Database().KeyExists(RedisActivationGuard.UserKeyPrefix(Alice) + "turn"), TimeSpan.FromSeconds(20), "the lease to lapse");
        Assert.True((await b.ActivateAsync(Alice, Meeting, Right, CancellationToken.None)).IsActivated);
    }

    [Fact]
    public async Task Every_key_the_guard_writes_carries_a_TTL_no_longer_than_what_it_counts()
    {
        _protection.MaxQueuedAttemptsPerUser = 3;
        var release = new TaskCompletionSource();
        AnswerAfter(() => release.Task);
        var (a, b) = (await ReplicaAsync(), await ReplicaAsync());
        var running = a.ActivateAsync(Alice, Meeting, Wrong, CancellationToken.None);
        var queued = b.ActivateAsync(Alice, Meeting, Wrong, CancellationToken.None);
        await Poll.UntilAsync(() => QueueLength() == 1, TimeSpan.FromSeconds(10), "the second to queue");

        var whileRunning = await TimesToLiveAsync();
        release.SetResult();
        await Task.WhenAll(running, queued);
        var afterwards = await TimesToLiveAsync();

        var prefix = RedisActivationGuard.UserKeyPrefix(Alice);
        Assert.Equal(new[] { prefix + "attempts", prefix + "queue", prefix + "turn" }, whileRunning.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(new[] { prefix + "attempts", prefix + "failures", prefix + "failures:" + Meeting }, afterwards.Keys.Order(StringComparer.Ordinal));
        Assert.All(whileRunning.Concat(afterwards), key => Assert.True(key.Value > TimeSpan.Zero, $"{key.Key} has no TTL"));
        Assert.True(whileRunning[prefix + "turn"] <= _huawei.ActivationTimeout + RedisActivationGuard.LeaseMargin);
        Assert.True(whileRunning[prefix + "queue"] <= _huawei.ActivationTimeout + RedisActivationGuard.LeaseMargin);
        Assert.True(afterwards[prefix + "attempts"] <= TimeSpan.FromMinutes(1));
        Assert.True(afterwards[prefix + "failures"] <= _protection.FailureWindow);
        Assert.True(afterwards[prefix + "failures:" + Meeting] <= _protection.FailureWindow);
    }

    [Fact]
    public async Task An_uncontended_activation_costs_two_Redis_round_trips_for_all_of_its_protection()
    {
        var replica = await ReplicaAsync();
        await replica.ActivateAsync(Alice, Meeting, Right, CancellationToken.None);
        var before = await ScriptCallsAsync();

        Assert.True((await replica.ActivateAsync(Alice, Meeting, Right, CancellationToken.None)).IsActivated);
        Assert.Equal(ActivationOutcome.WrongMeetingIdOrPassword, (await replica.ActivateAsync(Alice, Meeting, Wrong, CancellationToken.None)).Outcome);

        Assert.Equal(before + 4, await ScriptCallsAsync());
    }

    private async Task<DeadlineStage> ReplicaAsync()
    {
        var guard = new RedisActivationGuard(
            await ConnectAsync(), Options.Create(_protection), Options.Create(_huawei), _time, NullLogger<RedisActivationGuard>.Instance);
        return new DeadlineStage(new ProtectionStage(_inner.Object, guard, _time), Options.Create(_huawei), _time);
    }

    private async Task<ConnectionMultiplexer> ConnectAsync()
    {
        var connection = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
        _connections.Add(connection);
        return connection;
    }

    private IDatabase Database() => _connections[^1].GetDatabase();

    private long QueueLength() => Database().SortedSetLength(RedisActivationGuard.UserKeyPrefix(Alice) + "queue");

    private async Task<Dictionary<string, TimeSpan>> TimesToLiveAsync()
    {
        var times = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        foreach (var key in (await RedisDump.AllAsync(server.ConnectionString)).Keys.Where(k => k.StartsWith(RedisActivationGuard.KeyPrefix, StringComparison.Ordinal)))
        {
            times[key] = await Database().KeyTimeToLiveAsync(key) ?? TimeSpan.Zero;
        }

        return times;
    }

    /// <summary>How many EVAL and EVALSHA commands Redis has run (each one round trip).</summary>
    private async Task<long> ScriptCallsAsync()
    {
        var stats = await server.SendAsync("INFO commandstats");
        return stats.Split("\r\n")
            .Where(line => line.StartsWith("cmdstat_eval:", StringComparison.Ordinal) || line.StartsWith("cmdstat_evalsha:", StringComparison.Ordinal))
            .Sum(line => long.Parse(line.Split(':')[1].Split(',')[0]["calls=".Length..], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The inner stage awaits <paramref name="delay"/>, then answers as Huawei would.</summary>
    private void AnswerAfter(Func<Task> delay) =>
        _inner.Setup(s => s.ActivateAsync(It.IsAny<ChatUser>(), It.IsAny<MeetingCredentials>(), It.IsAny<CancellationToken>()))
            .Returns(async (ChatUser _, MeetingCredentials request, CancellationToken _) =>
            {
                await delay();
                var outcome = request.MeetingId.StartsWith("555", StringComparison.Ordinal) ? ActivationOutcome.MeetingNotFound
                    : request.Password == Right ? ActivationOutcome.Activated
                    : ActivationOutcome.WrongMeetingIdOrPassword;
                return new ActivationResult
                {
                    Outcome = outcome,
                    MeetingId = request.MeetingId,
                    RegionIp = outcome == ActivationOutcome.Activated ? "100.94.23.40" : null,
                    CompletedAt = _time.GetUtcNow(),
                };
            });

    private int InnerCallCount() => _inner.Invocations.Count(i => i.Method.Name == nameof(IMeetingActivationService.ActivateAsync));

    private void InnerCalls(int expected) =>
        _inner.Verify(s => s.ActivateAsync(It.IsAny<ChatUser>(), It.IsAny<MeetingCredentials>(), It.IsAny<CancellationToken>()), Times.Exactly(expected));

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
