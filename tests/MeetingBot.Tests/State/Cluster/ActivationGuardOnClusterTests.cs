using MeetingBot.Meetings;
using MeetingBot.Meetings.Activation;
using MeetingBot.Meetings.Protection;
using MeetingBot.State.ActivationGuards;
using MeetingBot.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace MeetingBot.Tests.State.Cluster;

/// <summary>Every rule of the <see cref="Contracts.ActivationGuardContract"/>, for <see cref="RedisActivationGuard"/>, as two replicas (each its own connection) on a Redis Cluster of three masters.</summary>
[Collection(OnRedisCluster.Name)]
public sealed class RedisActivationGuardOnClusterContractTests(RedisCluster cluster) : RedisActivationGuardContractTests(cluster);

/// <summary>
/// <see cref="RedisActivationGuard"/> on a Redis Cluster of three masters, as two replicas (each its own connection):
/// every script touches one user's keys, in the user's hash slot, and the users spread over the masters.
/// </summary>
[Collection(OnRedisCluster.Name)]
public sealed class ActivationGuardOnClusterTests(RedisCluster cluster) : IAsyncLifetime
{
    private const string Meeting = "986030665";
    private static readonly ChatUser Alice = new("msteams", "tenant-1", "29:alice");

    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
    private readonly ProtectionOptions _protection = new() { AttemptsPerMinute = 1_000 };
    private readonly HuaweiMeetingOptions _huawei = new() { ActivationTimeout = TimeSpan.FromSeconds(12) };
    private readonly List<ConnectionMultiplexer> _connections = [];

    public Task InitializeAsync() => cluster.FlushAsync();

    public async Task DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }

    [Fact]
    public async Task Five_wrong_passwords_on_replica_A_lock_the_user_out_on_replica_B()
    {
        var (a, b) = (await GuardAsync(), await GuardAsync());
        for (var i = 0; i < 5; i++)
        {
            await using var turn = Assert.IsAssignableFrom<ActivationTurn>((await a.AdmitAsync(Alice, Meeting, CancellationToken.None)).Turn);
            await turn.RecordAsync(GuessVerdict.Wrong);
        }

        var onB = await b.AdmitAsync(Alice, Meeting, CancellationToken.None);

        Assert.Null(onB.Turn);
        Assert.Equal(ActivationOutcome.LockedOut, onB.RefusedAs);
    }

    [Fact]
    public async Task A_second_attempt_waits_in_the_queue_on_another_replica_until_the_turn_is_given_back()
    {
        var (a, b) = (await GuardAsync(), await GuardAsync());
        var first = Assert.IsAssignableFrom<ActivationTurn>((await a.AdmitAsync(Alice, Meeting, CancellationToken.None)).Turn);

        var second = b.AdmitAsync(Alice, Meeting, CancellationToken.None).AsTask();
        await Poll.UntilAsync(() => Database().SortedSetLength(RedisActivationGuard.UserKeyPrefix(Alice) + "queue") == 1, TimeSpan.FromSeconds(10), "B to queue");
        Assert.False(second.IsCompleted);
        await first.RecordAsync(GuessVerdict.Right);
        await first.DisposeAsync();

        await using var secondTurn = Assert.IsAssignableFrom<ActivationTurn>((await second.WaitAsync(TimeSpan.FromSeconds(30))).Turn);
    }

    [Fact]
    public async Task An_uncontended_activation_is_two_commands_and_the_users_keys_share_one_slot_while_users_spread_over_the_masters()
    {
        var guard = await GuardAsync();
        var commands = new StackExchange.Redis.Profiling.ProfilingSession();
        _connections[0].RegisterProfiler(() => commands);

        for (var i = 0; i < 30; i++)
        {
            var user = new ChatUser("msteams", "tenant-1", $"29:user-{i}");
            await using var turn = Assert.IsAssignableFrom<ActivationTurn>((await guard.AdmitAsync(user, Meeting, CancellationToken.None)).Turn);
            await turn.RecordAsync(GuessVerdict.Wrong);
        }

        Assert.Equal(60, commands.FinishProfiling().Count());
        var keys = await KeysAsync();
        Assert.All(keys.GroupBy(key => key[..(key.IndexOf('}', StringComparison.Ordinal) + 1)]), user =>
            Assert.Single(user.Select(key => _connections[0].HashSlot(key)).Distinct()));
        Assert.Equal(30 * 3, keys.Count); // failures, failures:<meeting>, attempts
        Assert.All(await cluster.KeysPerMasterAsync(), count => Assert.True(count > 0, "a master holds none of the guard's keys"));
    }

    [Fact]
    public async Task A_user_whose_id_holds_braces_keeps_all_of_their_keys_in_one_slot()
    {
        var guard = await GuardAsync();
        var odd = new ChatUser("webchat", null, "}{user}");

        await using (var turn = Assert.IsAssignableFrom<ActivationTurn>((await guard.AdmitAsync(odd, Meeting, CancellationToken.None)).Turn))
        {
            await turn.RecordAsync(GuessVerdict.Wrong);
        }

        var keys = await KeysAsync();
        Assert.Equal(3, keys.Count);
        Assert.Single(keys.Select(key => _connections[0].HashSlot(key)).Distinct());
    }

    private async Task<RedisActivationGuard> GuardAsync()
    {
        var connection = await ConnectionMultiplexer.ConnectAsync(cluster.ConnectionString);
        _connections.Add(connection);
        return new RedisActivationGuard(connection, Options.Create(_protection), Options.Create(_huawei), _time, NullLogger<RedisActivationGuard>.Instance);
    }

    private IDatabase Database() => _connections[^1].GetDatabase();

    private async Task<List<string>> KeysAsync()
    {
        var keys = new List<string>();
        foreach (var server in _connections[0].GetServers())
        {
            await foreach (var key in server.KeysAsync(pattern: RedisActivationGuard.KeyPrefix + "*"))
            {
                keys.Add(key.ToString());
            }
        }

        return keys;
    }
}
