using MeetingBot.Meetings.Tokens;
using MeetingBot.State.AccessTokens;
using MeetingBot.Tests.State.Contracts;
using StackExchange.Redis;

namespace MeetingBot.Tests.State;

/// <summary>
/// <see cref="AccessTokenStoreContract"/> on <see cref="RedisAccessTokenStore"/> with a local copy of a minute in front of
/// Redis, as two replicas (each its own copy) sharing a real redis-server: the copy keeps every rule, and the contract's
/// time-to-live rule shows it never outlives the token it copies. Below it, what the copy saves: a cached token costs no
/// round trip.
/// </summary>
public sealed class RedisAccessTokenStoreLocalCopyTests(RedisServer server) : AccessTokenStoreContract, IClassFixture<RedisServer>, IAsyncLifetime
{
    private const string Key = "msteams|tenant|user-1";
    private static readonly TimeSpan LocalLifetime = TimeSpan.FromMinutes(1);
    private readonly List<RedisAccessTokenStore> _stores = [];
    private ConnectionMultiplexer? _redis;
    private RedisDataProtection? _keys;

    public async Task InitializeAsync()
    {
        _redis = await server.EmptyAndConnectAsync();
        _keys = await RedisDataProtection.StartAsync(_redis);
    }

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }

        await _keys!.DisposeAsync();
        await _redis!.DisposeAsync();
    }

    protected override Task<IAccessTokenStore> StoreAsync(Replica replica) => Task.FromResult<IAccessTokenStore>(Store(LocalLifetime));

    [Fact]
    public async Task A_token_this_replica_wrote_or_read_is_served_from_memory_without_asking_Redis()
    {
        var writer = Store(LocalLifetime);
        var reader = Store(LocalLifetime);
        var token = new AccessToken("token-1", DateTimeOffset.UtcNow.AddHours(1));
        await writer.SetAsync(Key, token, TimeSpan.FromMinutes(50), CancellationToken.None);
        Assert.Equal(token, await reader.GetAsync(Key, CancellationToken.None));

        // Gone from Redis behind their backs: what they answer now can only come from their memory.
        await _redis!.GetDatabase().KeyDeleteAsync(RedisAccessTokenStore.KeyPrefix + Key);

        Assert.Equal(token, await writer.GetAsync(Key, CancellationToken.None));
        Assert.Equal(token, await reader.GetAsync(Key, CancellationToken.None));
    }

    [Fact]
    public async Task Without_a_local_lifetime_every_read_goes_to_Redis()
    {
        var store = Store(TimeSpan.Zero);
        await store.SetAsync(Key, new AccessToken("token-1", DateTimeOffset.UtcNow.AddHours(1)), TimeSpan.FromMinutes(50), CancellationToken.None);

        await _redis!.GetDatabase().KeyDeleteAsync(RedisAccessTokenStore.KeyPrefix + Key);

        Assert.Null(await store.GetAsync(Key, CancellationToken.None));
    }

    private RedisAccessTokenStore Store(TimeSpan localLifetime)
    {
        var store = _keys!.TokenStore(_redis!, localLifetime);
        _stores.Add(store);
        return store;
    }
}
