using System.Security.Cryptography.X509Certificates;
using MeetingBot.Channels.BotFramework.Authentication;
using MeetingBot.Channels.BotFramework.DialogState;
using MeetingBot.LateOutcomes;
using MeetingBot.State;
using MeetingBot.State.Composition;
using MeetingBot.State.Redis;
using MeetingBot.State.Redis.DataProtection;
using Microsoft.Bot.Builder;
using StackExchange.Redis;

namespace MeetingBot.Hosting;

public static class StateExtensions
{
    /// <summary>
    /// Where state lives, decided here once. With <c>Redis:ConnectionString</c>: everything in Redis, shared by every
    /// replica (the activation core's state, the dialog's Bot Framework state, the late outcomes owed and the sweeper
    /// that delivers those of replicas that died), signed in as <c>Redis:Authentication</c> says, Data Protection keys in
    /// Redis encrypted with <c>Redis:DataProtectionCertificate</c>, and Redis and those keys in <c>/health/ready</c>.
    /// Without it: bounded, forgetting state in this process's memory. A wrong <c>Redis</c> section stops startup, naming
    /// each wrong key (<see cref="RedisOptions.Problems"/>).
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
        if (redis.Problems() is { Count: > 0 } problems)
        {
            throw new InvalidOperationException(string.Join(" ", problems));
        }

        if (!redis.IsEnabled)
        {
            services.AddStateInMemory();
            services.AddSingleton<BoundedMemoryStorage>();
            services.AddSingleton<IStorage>(provider => provider.GetRequiredService<BoundedMemoryStorage>());
            services.AddLateOutcomes(inRedis: false);
            return builder;
        }

        services.AddStateInRedis(WithManagedIdentity(redis, builder.Configuration), LoadCertificate(redis.DataProtectionCertificate));
        services.AddSingleton<IStorage, RedisStorage>();
        services.AddLateOutcomes(inRedis: true);
        services.AddHealthChecks()
            .AddCheck<RedisReadiness>("redis", tags: [HealthExtensions.ReadyTag])
            .AddCheck<KeyRingReadiness>("data-protection-keys", tags: [HealthExtensions.ReadyTag]);
        return builder;
    }

    /// <summary>
    /// Redis answers a PING. Not the HealthChecks.Redis check: on a Redis Cluster it asks <c>CLUSTER INFO</c>, which
    /// StackExchange.Redis sends only with admin commands allowed, so a replica on a cluster would never be ready.
    /// </summary>
    private sealed class RedisReadiness(IConnectionMultiplexer redis) : Microsoft.Extensions.Diagnostics.HealthChecks.IHealthCheck
    {
        public async Task<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult> CheckHealthAsync(
            Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await redis.GetDatabase().PingAsync();
                return Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy("Redis answers");
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                return Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Unhealthy("Redis does not answer", e);
            }
        }
    }

    private sealed class KeyRingReadiness(KeyRingLoader keyRing) : Microsoft.Extensions.Diagnostics.HealthChecks.IHealthCheck
    {
        public Task<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult> CheckHealthAsync(
            Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(keyRing.IsReady
                ? Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy("Data Protection keys loaded from Redis")
                : Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Unhealthy("Data Protection keys not read from Redis yet"));
    }

    /// <summary>
    /// With <c>Redis:Authentication=ManagedIdentity</c> and no <c>Redis:ManagedIdentityClientId</c>: the app's own identity.
    /// That is the bot's user-assigned identity (<c>MicrosoftAppId</c>) when the bot runs as one
    /// (<c>MicrosoftAppType=UserAssignedMSI</c>, as the Bicep deployment does): an app with only user-assigned identities
    /// has no system-assigned one to fall back on. Otherwise the system-assigned identity.
    /// </summary>
    private static RedisOptions WithManagedIdentity(RedisOptions redis, IConfiguration configuration)
    {
        if (redis.AuthenticationKind == RedisAuthentication.ManagedIdentity
            && string.IsNullOrWhiteSpace(redis.ManagedIdentityClientId)
            && BotCredentials.From(configuration) is { Type: BotAppType.UserAssignedMSI, AppId: { Length: > 0 } botIdentity })
        {
            redis.ManagedIdentityClientId = botIdentity;
        }

        return redis;
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
