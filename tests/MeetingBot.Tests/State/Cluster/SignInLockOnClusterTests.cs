using MeetingBot.State.SignInLocks;
using MeetingBot.Testing;
using StackExchange.Redis;

namespace MeetingBot.Tests.State.Cluster;

/// <summary>Every rule of the <see cref="Contracts.SignInLockContract"/>, for <see cref="RedisSignInLock"/>, as two replicas (each its own connection) on a Redis Cluster of three masters.</summary>
[Collection(OnRedisCluster.Name)]
public sealed class RedisSignInLockOnClusterContractTests(RedisCluster cluster) : RedisSignInLockContractTests(cluster);

/// <summary><see cref="RedisSignInLock"/> (one key per user) on a Redis Cluster of three masters, held from two replicas.</summary>
[Collection(OnRedisCluster.Name)]
public sealed class SignInLockOnClusterTests(RedisCluster cluster) : IAsyncLifetime
{
    private ConnectionMultiplexer? _replicaA;
    private ConnectionMultiplexer? _replicaB;

    public async Task InitializeAsync()
    {
        _replicaA = await cluster.EmptyAndConnectAsync();
        _replicaB = await ConnectionMultiplexer.ConnectAsync(cluster.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await _replicaA!.DisposeAsync();
        await _replicaB!.DisposeAsync();
    }

    [Fact]
    public async Task A_lock_held_on_one_replica_refuses_the_other_for_that_user_only_until_released()
    {
        var (a, b) = (new RedisSignInLock(_replicaA!), new RedisSignInLock(_replicaB!));

        var held = await a.AcquireAsync("msteams|tenant|user-1", TimeSpan.FromSeconds(5), CancellationToken.None);
        await Assert.ThrowsAsync<TimeoutException>(() => b.AcquireAsync("msteams|tenant|user-1", TimeSpan.Zero, CancellationToken.None).AsTask());
        var otherUsers = new List<IAsyncDisposable>();
        for (var i = 2; i < 30; i++)
        {
            otherUsers.Add(await b.AcquireAsync($"msteams|tenant|user-{i}", TimeSpan.Zero, CancellationToken.None));
        }

        var keysWhileHeld = await cluster.KeysPerMasterAsync();
        await held.DisposeAsync();
        await (await b.AcquireAsync("msteams|tenant|user-1", TimeSpan.Zero, CancellationToken.None)).DisposeAsync();
        foreach (var other in otherUsers)
        {
            await other.DisposeAsync();
        }

        Assert.All(keysWhileHeld, count => Assert.True(count > 0, "a master holds no sign-in lock"));
    }
}
