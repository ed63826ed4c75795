using System.Security.Cryptography.X509Certificates;
using MeetingBot.State.AccessTokens;
using MeetingBot.State.Redis.DataProtection;
using MeetingBot.State;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace MeetingBot.Testing;

/// <summary>
/// The app's own Data Protection over a test's Redis (<see cref="DataProtectionInRedisExtensions.AddDataProtectionInRedis"/>),
/// its keys loaded as a replica loads them when it starts: what the Redis stores that encrypt are built on.
/// </summary>
public sealed class RedisDataProtection : IAsyncDisposable
{
    private readonly ServiceProvider services;

    private RedisDataProtection(ServiceProvider services, string certificate)
    {
        this.services = services;
        Certificate = certificate;
    }

    /// <summary>The certificate (base64 PFX) that encrypts the keys: another replica needs the same one.</summary>
    public string Certificate { get; }

    public IServiceProvider Services => services;

    public IDataProtectionProvider Provider => services.GetRequiredService<IDataProtectionProvider>();

    public RedisKeyRingRepository Keys => services.GetRequiredService<RedisKeyRingRepository>();

    public static async Task<RedisDataProtection> StartAsync(IConnectionMultiplexer redis, string? certificate = null)
    {
        certificate ??= TestCertificates.DataProtectionPfxBase64();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(TimeProvider.System)
            .AddSingleton(redis)
            .AddDataProtectionInRedis(X509CertificateLoader.LoadPkcs12(Convert.FromBase64String(certificate), password: null))
            .BuildServiceProvider();
        await services.GetRequiredService<KeyRingLoader>().StartAsync(CancellationToken.None);
        return new RedisDataProtection(services, certificate);
    }

    /// <summary>A token store over these keys, with a local copy of <paramref name="localLifetime"/> (none by default).</summary>
    public RedisAccessTokenStore TokenStore(IConnectionMultiplexer redis, TimeSpan? localLifetime = null, IDataProtectionProvider? otherKeys = null) =>
        new(redis, otherKeys ?? Provider, Keys, Options.Create(new StateOptions { LocalTokenLifetime = localLifetime ?? TimeSpan.Zero }),
            NullLogger<RedisAccessTokenStore>.Instance);

    public async ValueTask DisposeAsync()
    {
        await services.GetRequiredService<KeyRingLoader>().StopAsync(CancellationToken.None);
        await services.DisposeAsync();
    }
}
