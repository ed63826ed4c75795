using MeetingBot.Meetings.Activation;
using MeetingBot.Meetings.Audit;
using MeetingBot.Meetings.Huawei;
using MeetingBot.Meetings.Listing;
using MeetingBot.Meetings.Telemetry;
using MeetingBot.Meetings.Protection;
using MeetingBot.Meetings.Tokens;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MeetingBot.Meetings.Composition;

/// <summary>
/// The activation core, composed in one place. An activation arrives with <see cref="MeetingCredentials"/> (input checked
/// once, where it was typed) and passes, in order:
/// <list type="number">
/// <item><see cref="AuditStage"/>: one audit event per attempt (refusals too);</item>
/// <item><see cref="DeadlineStage"/>: the one whole-activation deadline;</item>
/// <item><see cref="ProtectionStage"/>: lockout, attempts per minute, the user's turn (queued), by the
/// <see cref="IActivationGuard"/> (in process, or in Redis shared by every replica);</item>
/// <item><see cref="StartMeetingStage"/>: the user's token from <see cref="AccessTokenProvider"/>, then the start call;</item>
/// <item><see cref="HuaweiMeetingClient"/> over the <c>HuaweiMeeting</c> HttpClient: resilience (retries, per-attempt timeout),
/// then on every network attempt <see cref="AppAuthSigningHandler"/> (a fresh signature for a sign-in) and
/// <see cref="HuaweiRateLimitHandler"/>, then the socket.</item>
/// </list>
/// <see cref="IMeetingListService"/> (the user's meeting list, one meeting, the host password for a start) uses the same
/// <see cref="AccessTokenProvider"/> and the same HttpClient, so its calls share the user's token, the retries and
/// Huawei's rate-limit holds.
/// What the core keeps between activations (tokens, sign-in locks, the guard's counters, Huawei's pauses) is not
/// registered here: the host chooses once where it lives, in this process or in Redis (<c>MeetingBot.State</c>), and so
/// is what the client talks to (<see cref="IActivationEnvironment"/>: Huawei Cloud Meeting, or the sandbox).
/// </summary>
public static class ActivationCoreExtensions
{
    /// <summary>The name of the Huawei HttpClient.</summary>
    public const string HuaweiHttpClientName = HuaweiMeetingClient.HttpClientName;

    /// <summary>
    /// Registers <see cref="IMeetingActivationService"/> and <see cref="IMeetingListService"/> with the options it reads (<c>HuaweiMeeting</c>, <c>Protection</c>,
    /// validated at start) and the Huawei HttpClient. Returns the HttpClient's builder: a handler added to it runs
    /// innermost, once per network attempt (tests put a fake server there).
    /// </summary>
    public static IHttpClientBuilder AddActivationCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HuaweiMeetingOptions>()
            .Bind(configuration.GetSection(HuaweiMeetingOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HuaweiMeetingOptions>, HuaweiMeetingOptionsValidator>());
        services.AddOptions<ProtectionOptions>()
            .Bind(configuration.GetSection(ProtectionOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        // The MeetingBot meter comes from the host's IMeterFactory: one meter per host, disposed with it.
        services.AddMetrics();
        services.TryAddSingleton<MeetingBotMetrics>();
        services.AddSingleton<IHuaweiMeetingApi, HuaweiMeetingClient>();
        services.AddSingleton<HuaweiEnterpriseDirectory>();
        services.AddSingleton<SignInProfile>();
        services.AddSingleton<AccessTokenProvider>();
        services.AddSingleton<HuaweiRateLimitGate>();
        services.AddSingleton<IMeetingActivationService>(ComposeActivation);
        services.AddSingleton<IMeetingListService>(provider => new ListingProtection(
            ActivatorUtilities.CreateInstance<MeetingListService>(provider), provider.GetRequiredService<IActivationGuard>()));
        services.AddSingleton<HostActivation>();

        return AddHuaweiHttpClient(services);
    }

    /// <summary>The decorators around the Huawei call, outermost first (see the class summary).</summary>
    private static IMeetingActivationService ComposeActivation(IServiceProvider provider)
    {
        var time = provider.GetRequiredService<TimeProvider>();
        return new AuditStage(
            new DeadlineStage(
                new ProtectionStage(
                    ActivatorUtilities.CreateInstance<StartMeetingStage>(provider),
                    provider.GetRequiredService<IActivationGuard>(),
                    time),
                provider.GetRequiredService<IOptions<HuaweiMeetingOptions>>(),
                time),
            provider.GetRequiredService<ILoggerFactory>(),
            time,
            provider.GetRequiredService<MeetingBotMetrics>());
    }

    /// <summary>The Huawei HttpClient's whole handler chain, outermost first.</summary>
    private static IHttpClientBuilder AddHuaweiHttpClient(IServiceCollection services)
    {
        services.TryAddTransient<HuaweiRateLimitHandler>();
        var huawei = services.AddHttpClient(HuaweiMeetingClient.HttpClientName)
            .ConfigureHttpClient((provider, http) =>
            {
                http.BaseAddress = provider.GetRequiredService<IActivationEnvironment>().BaseUrl;
                // DeadlineStage bounds the whole activation and the pipeline bounds each attempt.
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            // IHttpClientFactory's default loggers redact header values in the message text but still put the raw values
            // (X-Access-Token, Authorization) in the structured state at Trace level; HuaweiMeetingClient logs each call itself.
            .RemoveAllLoggers();
        huawei.AddResilienceHandler(HuaweiResilience.PipelineName, (pipeline, context) =>
            HuaweiResilience.Configure(pipeline, context.ServiceProvider.GetRequiredService<IOptions<HuaweiMeetingOptions>>().Value));
        // Inside the retry: each App ID authentication attempt is signed afresh (nonce, expireTime, signature).
        huawei.AddHttpMessageHandler(provider => new AppAuthSigningHandler(
            provider.GetRequiredService<IOptions<HuaweiMeetingOptions>>(), provider.GetRequiredService<TimeProvider>()));
        // Inside the retries too, so every network attempt passes the gate that honours Huawei's announced limits.
        huawei.AddHttpMessageHandler<HuaweiRateLimitHandler>();
        // Innermost: each network attempt is one request, and what the gate held locally never counts as sent.
        return huawei.AddHttpMessageHandler(provider => new HuaweiRequestMetricsHandler(provider.GetRequiredService<MeetingBotMetrics>()));
    }
}
