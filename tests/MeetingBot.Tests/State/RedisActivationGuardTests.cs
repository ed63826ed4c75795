using MeetingBot.Meetings.Activation;
using MeetingBot.Meetings.Protection;
using MeetingBot.Meetings;
using MeetingBot.State.ActivationGuards;
using MeetingBot.Tests.State.Contracts;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace MeetingBot.Tests.State;

/// <summary>
/// <see cref="ActivationGuardContract"/> on <see cref="RedisActivationGuard"/>, as two replicas (each its own connection
/// and guard) in front of the same inner stage, sharing a single redis-server (<see cref="RedisActivationGuardTests"/>)
/// or a cluster (<see cref="Cluster.RedisActivationGuardOnClusterContractTests"/>).
/// </summary>
public abstract class RedisActivationGuardContractTests(ISharedRedis redis) : ActivationGuardContract, IAsyncLifetime
{
    private readonly List<ConnectionMultiplexer> _connections = [];

    /// <summary>Each replica's connection, in the order the replicas were asked for.</summary>
    protected IReadOnlyList<ConnectionMultiplexer> Connections => _connections;

    public Task InitializeAsync() => redis.FlushAsync();

    public async Task DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }

    protected override async Task<IActivationGuard> GuardAsync(Replica replica) =>
        new RedisActivationGuard(await ConnectAsync(), Options.Create(Protection), Options.Create(Huawei), Time, NullLogger<RedisActivationGuard>.Instance);

    protected override Task UntilWaitingAsync(ChatUser user, int count) =>
        Poll.UntilAsync(async () => await Database().SortedSetLengthAsync(RedisActivationGuard.UserKeyPrefix(user) + "queue") == count,
            TimeSpan.FromSeconds(10), $"{count} attempts in the queue");

    protected IDatabase Database() => _connections[^1].GetDatabase();

    private async Task<ConnectionMultiplexer> ConnectAsync()
    {
        var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        _connections.Add(connection);
        return connection;
    }
}

/// <summary>
/// <see cref="ActivationGuardContract"/> on <see cref="RedisActivationGuard"/> with a real redis-server, as two replicas
/// (each its own connection and guard) in front of the same inner stage; below it, what only the Redis guard does: the
/// attempts come back on its clock, a dead replica's turn lapses, every key has a TTL, two round trips per activation.
/// </summary>
public sealed class RedisActivationGuardTests : RedisActivationGuardContractTests, IClassFixture<RedisServer>
{
    private readonly RedisServer _server;

    public RedisActivationGuardTests(RedisServer server)
        : base(server) => _server = server;

    [Fact]
    public async Task The_attempts_per_minute_come_back_one_per_period_on_the_guards_clock()
    {
        Protection.AttemptsPerMinute = 3;
        var (a, b) = await ReplicasAsync();
        foreach (var replica in new[] { a, b, a })
        {
            Assert.True((await replica.ActivateAsync(Alice, Meeting, Right, CancellationToken.None)).IsActivated);
        }

        var fourth = await b.ActivateAsync(Alice, Meeting, Right, CancellationToken.None);
        Time.Advance(TimeSpan.FromSeconds(20));
        var afterOnePeriod = await a.ActivateAsync(Alice, Meeting, Right, CancellationToken.None);
        var oneTooMany = await b.ActivateAsync(Alice, Meeting, Right, CancellationToken.None);

        Assert.Equal(ActivationOutcome.TooManyAttempts, fourth.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(20), fourth.RetryAfter);
        Assert.True(afterOnePeriod.IsActivated);
        Assert.Equal(ActivationOutcome.TooManyAttempts, oneTooMany.Outcome);
        InnerCalls(4);
    }

    [Fact]
    public async Task A_turn_left_by_a_replica_that_died_lapses_by_itself()
    {
        Huawei.ActivationTimeout = TimeSpan.FromMilliseconds(300);
        var dying = await GuardAsync(Replica.A);
        var b = Entry(await GuardAsync(Replica.B));

        var abandoned = await dying.AdmitAsync(Alice, Meeting, CancellationToken.None);
        await Connections[0].CloseAsync();
        var whileHeld = b.ActivateAsync(Alice, Meeting, Right, CancellationToken.None);
        await UntilWaitingAsync(Alice, 1);
        var lease = await Database().KeyTimeToLiveAsync(RedisActivationGuard.UserKeyPrefix(Alice) + "turn");
        Time.Advance(Huawei.ActivationTimeout);

        Assert.NotNull(abandoned.Turn);
        Assert.Equal(ActivationOutcome.TimedOut, (await whileHeld.WaitAsync(TimeSpan.FromSeconds(30))).Outcome);
        Assert.NotNull(lease);
        Assert.InRange(lease.Value, TimeSpan.FromSeconds(1), Huawei.ActivationTimeout + RedisActivationGuard.LeaseMargin);
        await Poll.UntilAsync(async () => !await Database().KeyExistsAsync(RedisActivationGuard.UserKeyPrefix(Alice) + "turn"), TimeSpan.FromSeconds(20), "the lease to lapse");
        Assert.True((await b.ActivateAsync(Alice, Meeting, Right, CancellationToken.None)).IsActivated);
    }

    [Fact]
    public async Task Every_key_the_guard_writes_carries_a_TTL_no_longer_than_what_it_counts()
    {
        Protection.MaxQueuedAttemptsPerUser = 3;
        var release = new TaskCompletionSource();
        AnswerAfter(_ => release.Task);
        var (a, b) = await ReplicasAsync();
        var running = a.ActivateAsync(Alice, Meeting, Wrong, CancellationToken.None);
        var queued = b.ActivateAsync(Alice, Meeting, Wrong, CancellationToken.None);
        await UntilWaitingAsync(Alice, 1);

        var whileRunning = await TimesToLiveAsync();
        release.SetResult();
        await Task.WhenAll(running, queued);
        var afterwards = await TimesToLiveAsync();

        var prefix = RedisActivationGuard.UserKeyPrefix(Alice);
        Assert.Equal(new[] { prefix + "attempts", prefix + "queue", prefix + "turn" }, whileRunning.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(new[] { prefix + "attempts", prefix + "failures", prefix + "failures:" + Meeting }, afterwards.Keys.Order(StringComparer.Ordinal));
        Assert.All(whileRunning.Concat(afterwards), key => Assert.True(key.Value > TimeSpan.Zero, $"{key.Key} has no TTL"));
        Assert.True(whileRunning[prefix + "turn"] <= Huawei.ActivationTimeout + RedisActivationGuard.LeaseMargin);
        Assert.True(whileRunning[prefix + "queue"] <= Huawei.ActivationTimeout + RedisActivationGuard.LeaseMargin);
        Assert.True(afterwards[prefix + "attempts"] <= TimeSpan.FromMinutes(1));
        Assert.True(afterwards[prefix + "failures"] <= Protection.FailureWindow);
        Assert.True(afterwards[prefix + "failures:" + Meeting] <= Protection.FailureWindow);
    }

    [Fact]
    public async Task An_uncontended_activation_costs_two_Redis_round_trips_for_all_of_its_protection()
    {
        var (replica, _) = await ReplicasAsync();
        await replica.ActivateAsync(Alice, Meeting, Right, CancellationToken.None);
        var before = await ScriptCallsAsync();

        Assert.True((await replica.ActivateAsync(Alice, Meeting, Right, CancellationToken.None)).IsActivated);
        Assert.Equal(ActivationOutcome.WrongMeetingIdOrPassword, (await replica.ActivateAsync(Alice, Meeting, Wrong, CancellationToken.None)).Outcome);

        Assert.Equal(before + 4, await ScriptCallsAsync());
    }

    private async Task<Dictionary<string, TimeSpan>> TimesToLiveAsync()
    {
        var times = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        foreach (var key in (await RedisDump.AllAsync(_server.ConnectionString)).Keys.Where(k => k.StartsWith(RedisActivationGuard.KeyPrefix, StringComparison.Ordinal)))
        {
            times[key] = await Database().KeyTimeToLiveAsync(key) ?? TimeSpan.Zero;
        }

        return times;
    }

    /// <summary>How many EVAL and EVALSHA commands Redis has run (each one round trip).</summary>
    private async Task<long> ScriptCallsAsync()
    {
        var stats = await _server.SendAsync("INFO commandstats");
        return stats.Split("\r\n")
            .Where(line => line.StartsWith("cmdstat_eval:", StringComparison.Ordinal) || line.StartsWith("cmdstat_evalsha:", StringComparison.Ordinal))
            .Sum(line => long.Parse(line.Split(':')[1].Split(',')[0]["calls=".Length..], System.Globalization.CultureInfo.InvariantCulture));
    }
}
