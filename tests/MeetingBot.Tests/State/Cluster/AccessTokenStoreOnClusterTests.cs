using MeetingBot.Meetings.Tokens;
using MeetingBot.State.AccessTokens;
using MeetingBot.Testing;
using StackExchange.Redis;

namespace MeetingBot.Tests.State.Cluster;

/// <summary>Every rule of the <see cref="Contracts.AccessTokenStoreContract"/>, for <see cref="RedisAccessTokenStore"/> without a local copy on a Redis Cluster of three masters.</summary>
[Collection(OnRedisCluster.Name)]
public sealed class RedisAccessTokenStoreOnClusterContractTests(RedisCluster cluster) : RedisAccessTokenStoreContractTests(cluster);

/// <summary><see cref="RedisAccessTokenStore"/> on a Redis Cluster of three masters, with its Data Protection keys there too.</summary>
[Collection(OnRedisCluster.Name)]
public sealed class AccessTokenStoreOnClusterTests(RedisCluster cluster) : IAsyncLifetime
{
    private ConnectionMultiplexer? _redis;
    private RedisDataProtection? _keys;

    public async Task InitializeAsync()
    {
        _redis = await cluster.EmptyAndConnectAsync();
        _keys = await RedisDataProtection.StartAsync(_redis);
    }

    public async Task DisposeAsync()
    {
        await _keys!.DisposeAsync();
        await _redis!.DisposeAsync();
    }

    [Fact]
    public async Task A_token_stored_by_one_replica_is_read_by_another_and_a_rejected_one_is_removed_only_while_current()
    {
        var (a, b) = (_keys!.TokenStore(_redis!), _keys.TokenStore(_redis!));
        var rejected = new AccessToken("token-1", DateTimeOffset.UtcNow.AddHours(1));
        var fresh = new AccessToken("token-2", DateTimeOffset.UtcNow.AddHours(1));

        await a.SetAsync("msteams|tenant|user-1", rejected, TimeSpan.FromMinutes(50), CancellationToken.None);
        var seenByB = await b.GetAsync("msteams|tenant|user-1", CancellationToken.None);
        await a.SetAsync("msteams|tenant|user-1", fresh, TimeSpan.FromMinutes(50), CancellationToken.None);
        await b.RemoveIfCurrentAsync("msteams|tenant|user-1", rejected, CancellationToken.None);
        var keptAfterStaleRejection = await b.GetAsync("msteams|tenant|user-1", CancellationToken.None);
        await b.RemoveIfCurrentAsync("msteams|tenant|user-1", fresh, CancellationToken.None);

        Assert.Equal(rejected, seenByB);
        Assert.Equal(fresh, keptAfterStaleRejection);
        Assert.Null(await a.GetAsync("msteams|tenant|user-1", CancellationToken.None));
    }

    [Fact]
    public async Task Tokens_spread_over_every_master()
    {
        var store = _keys!.TokenStore(_redis!);
        for (var i = 0; i < 30; i++)
        {
            await store.SetAsync($"msteams|tenant|user-{i}", new AccessToken($"token-{i}", DateTimeOffset.UtcNow.AddHours(1)), TimeSpan.FromMinutes(50), CancellationToken.None);
        }

        Assert.Equal("token-29", (await store.GetAsync("msteams|tenant|user-29", CancellationToken.None))?.Value);
        Assert.All(await cluster.KeysPerMasterAsync(), count => Assert.True(count > 0, "a master holds no token"));
    }
}
