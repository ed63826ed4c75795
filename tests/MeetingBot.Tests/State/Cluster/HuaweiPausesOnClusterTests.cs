using MeetingBot.State.HuaweiPauses;
using MeetingBot.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace MeetingBot.Tests.State.Cluster;

/// <summary>Every rule of the <see cref="Contracts.HuaweiPausesContract"/>, for <see cref="RedisHuaweiPauses"/>, as replicas (each its own connection, subscribed through any master) on a Redis Cluster of three masters.</summary>
[Collection(OnRedisCluster.Name)]
public sealed class RedisHuaweiPausesOnClusterContractTests(RedisCluster cluster) : RedisHuaweiPausesContractTests(cluster);

/// <summary>
/// <see cref="RedisHuaweiPauses"/> on a Redis Cluster of three masters: the pauses hash is one key, and the announcement
/// published by the script on its master reaches a replica subscribed through another.
/// </summary>
[Collection(OnRedisCluster.Name)]
public sealed class HuaweiPausesOnClusterTests(RedisCluster cluster) : IAsyncLifetime
{
    private const string Start = "/v1/mmc/management/conferences/start";

    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
    private readonly List<ConnectionMultiplexer> _connections = [];
    private readonly List<RedisHuaweiPauses> _replicas = [];

    public Task InitializeAsync() => cluster.FlushAsync();

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
    public async Task A_pause_on_replica_A_is_heard_by_replica_B_and_read_by_a_replica_that_starts_later()
    {
        var (a, b) = (await ReplicaAsync(), await ReplicaAsync());
        var until = _time.GetUtcNow() + TimeSpan.FromSeconds(30);

        await a.PauseUntilAsync(Start, until);
        await Poll.UntilAsync(() => b.PausedUntil(Start) == until, TimeSpan.FromSeconds(10), "B to hear of A's pause");
        var late = await ReplicaAsync();

        Assert.Equal(until, late.PausedUntil(Start));
        Assert.NotNull(await _connections[0].GetDatabase().KeyTimeToLiveAsync(RedisHuaweiPauses.PausesKey));
    }

    private async Task<RedisHuaweiPauses> ReplicaAsync()
    {
        var connection = await ConnectionMultiplexer.ConnectAsync(cluster.ConnectionString);
        _connections.Add(connection);
        var pauses = new RedisHuaweiPauses(connection, _time, NullLogger<RedisHuaweiPauses>.Instance);
        await pauses.StartAsync(CancellationToken.None);
        _replicas.Add(pauses);
        return pauses;
    }
}
