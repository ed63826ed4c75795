using System.Security.Cryptography.X509Certificates;
using MeetingBot.Meetings.Tokens;
using MeetingBot.State.AccessTokens;
using MeetingBot.State.Redis.DataProtection;
using MeetingBot.State.SignInLocks;
using MeetingBot.State;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace MeetingBot.Tests.State;

public sealed class SignInLockTests(RedisServer server) : IClassFixture<RedisServer>, IAsyncLifetime
{
    public Task InitializeAsync() => server.FlushAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Two_replicas_sharing_Redis_sign_a_user_in_once_however_many_turns_ask_at_once()
    {
        var certificate = TestCertificates.DataProtectionPfxBase64();
        await using var replicaA = await ReplicaAsync(certificate);
        await using var replicaB = await ReplicaAsync(certificate);
        var signIns = 0;
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

            await using (await replica.GetRequiredService<ISignInLock>().AcquireAsync("user-1", TimeSpan.FromSeconds(30), CancellationToken.None))
            {
                if (await store.GetAsync("user-1", CancellationToken.None) is { } signedInMeanwhile)
                {
                    return signedInMeanwhile.Value;
                }

                var token = new AccessToken($"token-{Interlocked.Increment(ref signIns)}", DateTimeOffset.UtcNow.AddHours(1));
                await Task.Delay(50); // the Huawei call
                await store.SetAsync("user-1", token, TimeSpan.FromMinutes(55), CancellationToken.None);
                return token.Value;
            }
        }

        var turns = Enumerable.Range(0, 20).Select(i => Task.Run(() => TokenFor(i % 2 == 0 ? replicaA : replicaB)));
        var tokens = await Task.WhenAll(turns);

        Assert.Equal(1, signIns);
        Assert.All(tokens, token => Assert.Equal("token-1", token));
    }

    [Fact]
    public async Task A_held_lock_refuses_a_second_holder_of_the_same_user_only_until_it_is_released()
    {
        await using var replica = await ReplicaAsync(TestCertificates.DataProtectionPfxBase64());
        var locks = replica.GetRequiredService<ISignInLock>();

        var first = await locks.AcquireAsync("user-1", TimeSpan.FromSeconds(5), CancellationToken.None);
        await Assert.ThrowsAsync<TimeoutException>(() => locks.AcquireAsync("user-1", TimeSpan.Zero, CancellationToken.None).AsTask());
        await (await locks.AcquireAsync("user-2", TimeSpan.Zero, CancellationToken.None)).DisposeAsync();

        await first.DisposeAsync();
        await (await locks.AcquireAsync("user-1", TimeSpan.Zero, CancellationToken.None)).DisposeAsync();
    }

    /// <summary>A replica's token store and sign-in lock, with its Data Protection keys in Redis loaded as at its start.</summary>
    private async Task<ServiceProvider> ReplicaAsync(string certificate)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<StateOptions>();
        services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(server.ConnectionString));
        services.AddDataProtectionInRedis(X509CertificateLoader.LoadPkcs12(Convert.FromBase64String(certificate), password: null));
        services.AddSingleton<IAccessTokenStore, RedisAccessTokenStore>();
        services.AddSingleton<ISignInLock, RedisSignInLock>();
        var replica = services.BuildServiceProvider();
        await replica.GetRequiredService<KeyRingLoader>().StartAsync(CancellationToken.None);
        return replica;
    }
}
