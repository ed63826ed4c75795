using MeetingBot.Meetings.Tokens;
using MeetingBot.State.AccessTokens;
using MeetingBot.State;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace MeetingBot.Tests.State;

/// <summary>The local copy in front of Redis: a cached token costs no round trip, and never outlives what it copies.</summary>
public sealed class RedisAccessTokenStoreLocalCopyTests(RedisServer server) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private const string Key = "msteams|tenant|user-1";
    private ConnectionMultiplexer? _redis;
    private RedisDataProtection? _keys;

    public async Task InitializeAsync()
    {
        _redis = await server.EmptyAndConnectAsync();
        _keys = await RedisDataProtection.StartAsync(_redis);
    }

    public async Task DisposeAsync()
    {
        await _keys!.DisposeAsync();
        await _redis!.DisposeAsync();
    }

    [Fact]
    public async Task A_token_this_replica_wrote_or_read_is_served_from_memory_without_asking_Redis()
    {
        using var writer = Store(TimeSpan.FromSeconds(30));
        using var reader = Store(TimeSpan.FromSeconds(30));
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
        using var store = Store(TimeSpan.Zero);
        await store.SetAsync(Key, new AccessToken("token-1", DateTimeOffset.UtcNow.AddHours(1)), TimeSpan.FromMinutes(50), CancellationToken.None);

        await _redis!.GetDatabase().KeyDeleteAsync(RedisAccessTokenStore.KeyPrefix + Key);

        Assert.Null(await store.GetAsync(Key, CancellationToken.None));
    }

    [Fact]
    public async Task The_local_copy_lives_no_longer_than_the_token_it_copies()
    {
        using var store = Store(TimeSpan.FromMinutes(1));
        await store.SetAsync(Key, new AccessToken("token-1", DateTimeOffset.UtcNow.AddHours(1)), TimeSpan.FromMilliseconds(200), CancellationToken.None);

        await MeetingBot.Testing.Poll.UntilAsync(() => !_redis!.GetDatabase().KeyExists(RedisAccessTokenStore.KeyPrefix + Key), TimeSpan.FromSeconds(10), "Redis to expire the token");
        await Task.Delay(50);

        Assert.Null(await store.GetAsync(Key, CancellationToken.None));
    }

    [Fact]
    public async Task A_rejected_token_is_dropped_here_and_in_Redis_but_a_newer_one_another_replica_stored_stays()
    {
        using var a = Store(TimeSpan.FromSeconds(30));
        using var b = Store(TimeSpan.FromSeconds(30));
        var old = new AccessToken("token-old", DateTimeOffset.UtcNow.AddHours(1));
        var fresh = new AccessToken("token-fresh", DateTimeOffset.UtcNow.AddHours(1));
        await a.SetAsync(Key, old, TimeSpan.FromMinutes(50), CancellationToken.None);
        Assert.Equal(old, await b.GetAsync(Key, CancellationToken.None));

        await a.RemoveIfCurrentAsync(Key, old, CancellationToken.None);
        Assert.Null(await a.GetAsync(Key, CancellationToken.None));
        await a.SetAsync(Key, fresh, TimeSpan.FromMinutes(50), CancellationToken.None);
        await b.RemoveIfCurrentAsync(Key, old, CancellationToken.None);

        Assert.Equal(fresh, await b.GetAsync(Key, CancellationToken.None));
        Assert.Equal(fresh, await a.GetAsync(Key, CancellationToken.None));
    }

    private RedisAccessTokenStore Store(TimeSpan localLifetime) => _keys!.TokenStore(_redis!, localLifetime);
}
