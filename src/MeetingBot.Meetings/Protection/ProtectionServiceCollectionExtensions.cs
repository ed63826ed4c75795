using MeetingBot.Meetings.Activation;
using MeetingBot.Meetings.Audit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace MeetingBot.Meetings.Protection;

public static class ProtectionServiceCollectionExtensions
{
    /// <summary>
    /// Wraps the registered <see cref="IMeetingActivationService"/> in the audit trail and the brute-force and rate
    /// protection (audit outermost, so refusals are audited too). Call it after the activation service is registered.
    /// </summary>
    public static IServiceCollection AddActivationProtection(this IServiceCollection services, IConfiguration configuration)
    {
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(IMeetingActivationService) && !d.IsKeyedService)
            ?? throw new InvalidOperationException($"Register {nameof(IMeetingActivationService)} before adding its protection.");

        services.AddOptions<ProtectionOptions>()
            .Bind(configuration.GetSection(ProtectionOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<FailedAttemptTracker>();
        services.TryAddSingleton<UserAttemptLimiter>();

        services.Remove(registered);
        services.Add(ServiceDescriptor.Describe(
            typeof(IMeetingActivationService),
            provider =>
            {
                var time = provider.GetRequiredService<TimeProvider>();
                var protectedService = new ProtectedMeetingActivationService(
                    CreateRegistered(provider, registered),
                    provider.GetRequiredService<FailedAttemptTracker>(),
                    provider.GetRequiredService<UserAttemptLimiter>(),
                    time);
                return new AuditedMeetingActivationService(protectedService, provider.GetRequiredService<ILoggerFactory>(), time);
            },
            registered.Lifetime));
        return services;
    }

    /// <summary>Adds the client-side limiter that honours Huawei's announced limits to the Huawei HttpClient.</summary>
    public static IHttpClientBuilder AddHuaweiRateLimits(this IHttpClientBuilder builder)
    {
        builder.Services.AddOptions<ProtectionOptions>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<HuaweiRateLimitGate>();
        builder.Services.TryAddTransient<HuaweiRateLimitHandler>();
        return builder.AddHttpMessageHandler<HuaweiRateLimitHandler>();
    }

    private static IMeetingActivationService CreateRegistered(IServiceProvider provider, ServiceDescriptor registered) =>
        (IMeetingActivationService)(registered.ImplementationInstance
            ?? registered.ImplementationFactory?.Invoke(provider)
            ?? ActivatorUtilities.CreateInstance(provider, registered.ImplementationType!));
}
