using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace MeetingBot.State.Redis.DataProtection;

public static class DataProtectionInRedisExtensions
{
    /// <summary>
    /// Data Protection (which encrypts tokens and late-outcome addresses in Redis) with its keys in Redis, read from a copy
    /// in memory that <see cref="KeyRingLoader"/> keeps fresh, so no request ever waits on Redis for a key.
    /// </summary>
    public static IServiceCollection AddDataProtectionInRedis(this IServiceCollection services, X509Certificate2 certificate)
    {
        services.AddSingleton<RedisKeyRingRepository>();
        // Registered before Data Protection's own hosted service, so the keys are loaded before it builds the key ring.
        services.AddSingleton<KeyRingLoader>();
        services.AddHostedService(provider => provider.GetRequiredService<KeyRingLoader>());
        services.AddSingleton<IKeyManager>(provider => new KeyRingFollowingRedis(
            ActivatorUtilities.CreateInstance<XmlKeyManager>(provider), provider.GetRequiredService<RedisKeyRingRepository>()));
        services.AddDataProtection()
            .SetApplicationName("MeetingBot")
            .ProtectKeysWithCertificate(certificate)
            // Decrypt with this very certificate too, not only with one found in the machine's certificate store.
            .UnprotectKeysWithAnyCertificate(certificate);
        services.AddOptions<KeyManagementOptions>().Configure<RedisKeyRingRepository>((options, repository) => options.XmlRepository = repository);
        return services;
    }
}
