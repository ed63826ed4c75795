using System.Security.Cryptography.X509Certificates;
using MeetingBot.Meetings.Tokens;
using MeetingBot.State.AccessTokens;
using MeetingBot.State.Redis.DataProtection;
using MeetingBot.State.SignInLocks;
using MeetingBot.State;
using MeetingBot.Tests.State.Contracts;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace MeetingBot.Tests.State;

/// <summary>
/// <see cref="SignInLockContract"/> on <see cref="RedisSignInLock"/>, as two replicas (each its own connection and lock)
/// sharing a single redis-server (<see cref="RedisSignInLockTests"/>) or a cluster
/// (<see cref="Cluster.RedisSignInLockOnClusterContractTests"/>).
/// </summary>
public abstract class RedisSignInLockContractTests(ISharedRedis redis) : SignInLockContract, IAsyncLifetime
{
    private readonly List<ConnectionMultiplexer> _connections = [];

    protected override bool KeepsASecondHolderOut => true;

    public Task InitializeAsync() => redis.FlushAsync();

    public async Task DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }

    protected override async Task<ISignInLock> LockAsync(Replica replica)
    {
        var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        _connections.Add(connection);
        return new RedisSignInLock(connection);
    }
}

/// <summary>
/// <see cref="SignInLockContract"/> on <see cref="RedisSignInLock"/> with a real redis-server, as two replicas (each its
/// own connection and lock) sharing it; below it, what the lock is for: two replicas sign a user in once.
/// </summary>
public sealed class RedisSignInLockTests : RedisSignInLockContractTests, IClassFixture<RedisServer>
{
    private readonly RedisServer _server;

    public RedisSignInLockTests(RedisServer server)
        : base(server) => _server = server;

    [Fact]
    public async Task Two_replicas_sharing_Redis_sign_a_user_in_once_however_many_turns_ask_at_once()
    {
        var certificate = TestCertificates.DataProtectionPfxBase64();
        await using var replicaA = await ReplicaAsync(certificate);
        await using var replicaB = await ReplicaAsync(certificate);
        var signIns = 0;
        var missed = 0;
        // Connected before the turns start: the connection is made synchronously when first resolved.
        foreach (var replica in new[] { replicaA, replicaB })
        {
            replica.GetRequiredService<IAccessTokenStore>();
            replica.GetRequiredService<ISignInLock>();
        }

        async Task<string> TokenFor(IServiceProvider replica)
        {
            var store = replica.GetRequiredService<IAccessTokenStore>();
            if (await store.GetAsync("user-1", CancellationToken.None) is { } cached)
            {
                return cached.Value;
            }

            Interlocked.Increment(ref missed);
            await using (await replica.GetRequiredService<ISignInLock>().AcquireAsync("user-1", TimeSpan.FromSeconds(30), CancellationToken.None))
            {
                if (await store.GetAsync("user-1", CancellationToken.None) is { } signedInMeanwhile)
                {
                    return signedInMeanwhile.Value;
                }

                var token = new AccessToken($"token-{Interlocked.Increment(ref signIns)}", DateTimeOffset.UtcNow.AddHours(1));
                // The Huawei call, lasting until every turn has found no token and asked for the lock.
                await Poll.UntilAsync(() => Volatile.Read(ref missed) == 20, TimeSpan.FromSeconds(10), "every turn to find no token");
                await store.SetAsync("user-1", token, TimeSpan.FromMinutes(55), CancellationToken.None);
                return token.Value;
            }
        }

        var turns = Enumerable.Range(0, 20).Select(i => Task.Run(() => TokenFor(i % 2 == 0 ? replicaA : replicaB)));
        var tokens = await Task.WhenAll(turns);

        Assert.Equal(1, signIns);
        Assert.All(tokens, token => Assert.Equal("token-1", token));
    }

    /// <summary>A replica's token store and sign-in lock, with its Data Protection keys in Redis loaded as at its start.</summary>
    private async Task<ServiceProvider> ReplicaAsync(string certificate)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<StateOptions>();
        services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(_server.ConnectionString));
        services.AddDataProtectionInRedis(X509CertificateLoader.LoadPkcs12(Convert.FromBase64String(certificate), password: null));
        services.AddSingleton<IAccessTokenStore, RedisAccessTokenStore>();
        services.AddSingleton<ISignInLock, RedisSignInLock>();
        var replica = services.BuildServiceProvider();
        await replica.GetRequiredService<KeyRingLoader>().StartAsync(CancellationToken.None);
        return replica;
    }
}
