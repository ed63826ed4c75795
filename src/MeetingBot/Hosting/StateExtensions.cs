using System.Security.Cryptography.X509Certificates;
using MeetingBot.Meetings.Protection;
using MeetingBot.Meetings.Tokens;
using MeetingBot.State;
using Microsoft.Bot.Builder;
using StackExchange.Redis;

namespace MeetingBot.Hosting;

public static class StateExtensions
{
    /// <summary>Where the Data Protection keys live in Redis (one list, shared by every replica).</summary>
    public const string DataProtectionKeysKey = RedisKeyRingRepository.KeysKey;

    /// <summary>
    /// Where state lives. With <c>Redis:ConnectionString</c>: one shared connection, Bot Framework state and access
    /// tokens in Redis, one sign-in per user across replicas, lockouts, user limits and Huawei's holds shared, Data Protection keys in Redis encrypted with <c>Redis:DataProtectionCertificate</c>, and Redis in
    /// <c>/health/ready</c>. Without it: bounded, forgetting state in process memory. Registrations replace the defaults,
    /// so the order of the <c>Add*</c> calls does not matter.
    /// </summary>
    public static WebApplicationBuilder AddState(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<StateOptions>()
            .Bind(builder.Configuration.GetSection(StateOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<RedisOptions>().Bind(builder.Configuration.GetSection(RedisOptions.SectionName));

        services.AddSingleton(StateTypes.ForTheBot());

        var redis = builder.Configuration.GetSection(RedisOptions.SectionName).Get<RedisOptions>() ?? new RedisOptions();
        if (!redis.IsEnabled)
        {
            services.AddSingleton<BoundedMemoryStorage>();
            services.AddSingleton<IStorage>(provider => provider.GetRequiredService<BoundedMemoryStorage>());
            return builder;
        }

        RedisConnectionSettings.UseOwnThreads();
        var connection = RedisConnectionSettings.For(redis.ConnectionString);
        // Resolved first by the hosted services, as the host starts and before it takes requests: the synchronous
        // connect (bounded by the connect timeout) never runs on a request's thread.
        services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(connection));

        services.AddDataProtectionInRedis(LoadCertificate(redis.DataProtectionCertificate));
        services.AddHealthChecks()
            .AddRedis(provider => provider.GetRequiredService<IConnectionMultiplexer>(), name: "redis", tags: [HealthExtensions.ReadyTag])
            .AddCheck<KeyRingReadiness>("data-protection-keys", tags: [HealthExtensions.ReadyTag]);

        services.AddSingleton<IStorage, RedisStorage>();
        services.AddSingleton<IAccessTokenStore, RedisAccessTokenStore>();
        services.AddSingleton<ISignInLock, RedisSignInLock>();
        services.AddSingleton<IActivationGuard, RedisActivationGuard>();
        services.AddSingleton<RedisHuaweiHolds>();
        services.AddSingleton<IHuaweiHolds>(provider => provider.GetRequiredService<RedisHuaweiHolds>());
        services.AddHostedService(provider => provider.GetRequiredService<RedisHuaweiHolds>());
        services.AddLateOutcomesInRedis();
        return builder;
    }

    private sealed class KeyRingReadiness(KeyRingLoader keyRing) : Microsoft.Extensions.Diagnostics.HealthChecks.IHealthCheck
    {
        public Task<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult> CheckHealthAsync(
            Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(keyRing.IsReady
                ? Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy("Data Protection keys loaded from Redis")
                : Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Unhealthy("Data Protection keys not read from Redis yet"));
    }

    private static X509Certificate2 LoadCertificate(string base64Pfx)
    {
        if (string.IsNullOrWhiteSpace(base64Pfx))
        {
            throw new InvalidOperationException(
                "Redis:DataProtectionCertificate is required when Redis:ConnectionString is set: it encrypts the keys that encrypt access tokens in Redis.");
        }

        try
        {
            var certificate = X509CertificateLoader.LoadPkcs12(Convert.FromBase64String(base64Pfx.Trim()), password: null);
            return certificate.HasPrivateKey
                ? certificate
                : throw new InvalidOperationException("Redis:DataProtectionCertificate holds no private key (export the certificate as PFX with its key).");
        }
        catch (Exception e) when (e is FormatException or System.Security.Cryptography.CryptographicException)
        {
            throw new InvalidOperationException("Redis:DataProtectionCertificate is not a base64 PKCS#12 (PFX) certificate without a password.", e);
        }
    }
}
