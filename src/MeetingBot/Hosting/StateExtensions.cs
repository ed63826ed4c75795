using System.Security.Cryptography.X509Certificates;
using MeetingBot.Meetings.Protection;
using MeetingBot.Meetings.Tokens;
using MeetingBot.State;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.Bot.Builder;
using StackExchange.Redis;

namespace MeetingBot.Hosting;

public static class StateExtensions
{
    /// <summary>Where the Data Protection keys live in Redis (one list, shared by every replica).</summary>
    public const string DataProtectionKeysKey = "meetingbot:dataprotection-keys";

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

        var connection = RedisConnectionSettings.For(redis.ConnectionString);
        services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(connection));

        services.AddHealthChecks().AddRedis(
            provider => provider.GetRequiredService<IConnectionMultiplexer>(), name: "redis", tags: [HealthExtensions.ReadyTag]);

        AddDataProtectionInRedis(services, LoadCertificate(redis.DataProtectionCertificate));
        services.AddHostedService<DataProtectionKeyRecovery>();

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

    private static void AddDataProtectionInRedis(IServiceCollection services, X509Certificate2 certificate)
    {
        // Since .NET 9 an outdated key ring is reloaded in the background while the old one stays in use. After Redis
        // lost the keys (DataProtectionKeyRecovery), the old key would go on encrypting tokens no other replica can
        // read. Reloading in line costs one Redis read, once a day or after a key change.
        AppContext.SetSwitch("Microsoft.AspNetCore.DataProtection.KeyManagement.DisableAsyncKeyRingUpdate", true);
        services.AddDataProtection()
            .SetApplicationName("MeetingBot")
            .ProtectKeysWithCertificate(certificate)
            // Decrypt with this very certificate too, not only with one found in the machine's certificate store.
            .UnprotectKeysWithAnyCertificate(certificate);
        services.AddOptions<KeyManagementOptions>().Configure<IConnectionMultiplexer>((options, multiplexer) =>
            options.XmlRepository = new RedisXmlRepository(() => multiplexer.GetDatabase(), DataProtectionKeysKey));
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
