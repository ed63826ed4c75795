using System.Security.Cryptography.X509Certificates;
using MeetingBot.Meetings.Protection;
using MeetingBot.Meetings.Tokens;
using MeetingBot.State.AccessTokens;
using MeetingBot.State.ActivationGuards;
using MeetingBot.State.HuaweiPauses;
using MeetingBot.State.Redis;
using MeetingBot.State.Redis.DataProtection;
using MeetingBot.State.Redis.EntraId;
using MeetingBot.State.SignInLocks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace MeetingBot.State.Composition;

/// <summary>
/// Where the activation core's state lives, chosen once by the host: <see cref="AddStateInMemory"/> for one process,
/// <see cref="AddStateInRedis"/> for replicas sharing it. Each registers one implementation of every seam.
/// </summary>
public static class StateRegistration
{
    /// <summary>Tokens, the guard's counters and Huawei's pauses in this process's memory; a sign-in needs no lock across processes.</summary>
    public static IServiceCollection AddStateInMemory(this IServiceCollection services)
    {
        services.AddSingleton<IAccessTokenStore, MemoryAccessTokenStore>();
        services.AddSingleton<ISignInLock, NoSignInLock>();
        services.AddSingleton<FailedAttemptTracker>();
        services.AddSingleton<UserAttemptLimiter>();
        services.AddSingleton<IActivationGuard, InProcessActivationGuard>();
        services.AddSingleton<IHuaweiPauses, MemoryHuaweiPauses>();
        return services;
    }

    /// <summary>
    /// Everything in Redis, shared by every replica: one connection (<see cref="RedisConnectionSettings"/>), signed in as
    /// <see cref="RedisOptions.Authentication"/> says, Data Protection's keys (encrypted with <paramref name="certificate"/>)
    /// and the tokens they encrypt, one sign-in per user across replicas, lockouts and user limits, Huawei's pauses.
    /// </summary>
    public static IServiceCollection AddStateInRedis(this IServiceCollection services, RedisOptions redis, X509Certificate2 certificate)
    {
        RedisConnectionSettings.UseOwnThreads();
        var connection = RedisConnectionSettings.For(redis.ConnectionString);
        // Resolved first by the hosted services, as the host starts and before it takes requests: the synchronous
        // connect (bounded by the connect timeout) never runs on a request's thread.
        if (redis.AuthenticationKind == RedisAuthentication.ManagedIdentity)
        {
            services.AddEntraIdSignIn(connection, RedisTokenSource.ForManagedIdentity(redis.ManagedIdentityClientId));
        }
        else
        {
            services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(connection));
        }

        services.AddDataProtectionInRedis(certificate);
        services.AddSingleton<IAccessTokenStore, RedisAccessTokenStore>();
        services.AddSingleton<ISignInLock, RedisSignInLock>();
        services.AddSingleton<IActivationGuard, RedisActivationGuard>();
        services.AddSingleton<RedisHuaweiPauses>();
        services.AddSingleton<IHuaweiPauses>(provider => provider.GetRequiredService<RedisHuaweiPauses>());
        services.AddHostedService(provider => provider.GetRequiredService<RedisHuaweiPauses>());
        services.AddSingleton<ReplicaAcknowledgement>();
        services.AddHostedService(provider => provider.GetRequiredService<ReplicaAcknowledgement>());
        return services;
    }

    /// <summary>
    /// The connection signed in with Microsoft Entra tokens from <paramref name="tokens"/>, and its renewal, registered
    /// before the hosted services that wait for Redis as they start, so that it runs while they wait.
    /// </summary>
    private static void AddEntraIdSignIn(this IServiceCollection services, ConfigurationOptions connection, RedisTokenSource tokens)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(tokens);
        services.AddSingleton(provider => ActivatorUtilities.CreateInstance<EntraIdSignIn>(provider, connection));
        services.AddSingleton<IConnectionMultiplexer>(provider => provider.GetRequiredService<EntraIdSignIn>().Connect());
        services.AddHostedService<RedisTokenRenewal>();
    }
}
