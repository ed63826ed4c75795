using MeetingBot.Meetings.Tokens;
using MeetingBot.State.AccessTokens;
using MeetingBot.Tests.State.Contracts;
using Microsoft.AspNetCore.DataProtection;
using StackExchange.Redis;

namespace MeetingBot.Tests.State;

/// <summary>
/// <see cref="AccessTokenStoreContract"/> on <see cref="RedisAccessTokenStore"/> without a local copy (every read goes to
/// Redis), with its Data Protection keys in the same Redis: a single server (<see cref="RedisAccessTokenStoreTests"/>) or
/// a cluster (<see cref="Cluster.RedisAccessTokenStoreOnClusterContractTests"/>).
/// </summary>
public abstract class RedisAccessTokenStoreContractTests(ISharedRedis redis) : AccessTokenStoreContract, IAsyncLifetime
{
    private ConnectionMultiplexer? _connection;
    private RedisDataProtection? _keys;

    protected ConnectionMultiplexer Connection => _connection!;

    protected RedisDataProtection Keys => _keys!;

    protected RedisAccessTokenStore Store => Keys.TokenStore(Connection);

    public async Task InitializeAsync()
    {
        _connection = await redis.EmptyAndConnectAsync();
        _keys = await RedisDataProtection.StartAsync(_connection);
    }

    public async Task DisposeAsync()
    {
        await _keys!.DisposeAsync();
        await _connection!.DisposeAsync();
    }

    protected override Task<IAccessTokenStore> StoreAsync(Replica replica) => Task.FromResult<IAccessTokenStore>(Store);
}

/// <summary>
/// <see cref="AccessTokenStoreContract"/> on <see cref="RedisAccessTokenStore"/> without a local copy (every read goes to
/// Redis), as two replicas sharing a real redis-server; below it, what only Redis does: tokens encrypted at rest, under a
/// TTL, bound to their key, unreadable with other keys.
/// </summary>
public sealed class RedisAccessTokenStoreTests : RedisAccessTokenStoreContractTests, IClassFixture<RedisServer>
{
    private const string TokenValue = "sbx-token-0123456789abcdef0123456789abcdef";
    private readonly RedisServer _server;

    public RedisAccessTokenStoreTests(RedisServer server)
        : base(server) => _server = server;

    [Fact]
    public async Task A_token_is_kept_encrypted_for_its_usable_lifetime()
    {
        var token = new AccessToken(TokenValue, new DateTimeOffset(2026, 11, 26, 14, 0, 0, TimeSpan.Zero));

        await Store.SetAsync("msteams|tenant|user-1", token, TimeSpan.FromMinutes(50), CancellationToken.None);

        var timeToLive = await Connection.GetDatabase().KeyTimeToLiveAsync(RedisAccessTokenStore.KeyPrefix + "msteams|tenant|user-1");
        Assert.NotNull(timeToLive);
        Assert.InRange(timeToLive.Value, TimeSpan.FromMinutes(49), TimeSpan.FromMinutes(50));
        var dump = await RedisDump.WithoutKeyRingAsync(_server.ConnectionString);
        Assert.Single(dump);
        Assert.DoesNotContain(TokenValue, dump.Single().Value, StringComparison.Ordinal);
        Assert.DoesNotContain(TokenValue[10..30], dump.Single().Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_with_no_lifetime_left_and_a_removed_one_leave_nothing_in_Redis()
    {
        var token = new AccessToken(TokenValue, DateTimeOffset.UtcNow.AddHours(1));

        await Store.SetAsync("expired", token, TimeSpan.Zero, CancellationToken.None);
        await Store.SetAsync("removed", token, TimeSpan.FromMinutes(5), CancellationToken.None);
        await Store.RemoveAsync("removed", CancellationToken.None);

        Assert.Empty(await RedisDump.WithoutKeyRingAsync(_server.ConnectionString));
    }

    [Fact]
    public async Task A_value_copied_under_another_users_key_is_not_accepted()
    {
        await Store.SetAsync("victim", new AccessToken(TokenValue, DateTimeOffset.UtcNow.AddHours(1)), TimeSpan.FromMinutes(5), CancellationToken.None);
        var database = Connection.GetDatabase();

        await database.StringSetAsync(RedisAccessTokenStore.KeyPrefix + "attacker", await database.StringGetAsync(RedisAccessTokenStore.KeyPrefix + "victim"));

        Assert.Null(await Store.GetAsync("attacker", CancellationToken.None));
    }

    [Fact]
    public async Task A_token_encrypted_with_keys_this_replica_does_not_have_reads_as_absent_so_the_user_signs_in_again()
    {
        await Store.SetAsync("user", new AccessToken(TokenValue, DateTimeOffset.UtcNow.AddHours(1)), TimeSpan.FromMinutes(5), CancellationToken.None);

        var otherKeys = Keys.TokenStore(Connection, otherKeys: new EphemeralDataProtectionProvider());

        Assert.Null(await otherKeys.GetAsync("user", CancellationToken.None));
    }
}
