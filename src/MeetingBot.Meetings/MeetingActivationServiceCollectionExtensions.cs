using MeetingBot.Meetings.Activation;
using MeetingBot.Meetings.Huawei;
using MeetingBot.Meetings.Tokens;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MeetingBot.Meetings;

public static class MeetingActivationServiceCollectionExtensions
{
    /// <summary>The name of the Huawei HttpClient: <c>services.AddHttpClient(HuaweiHttpClientName).AddHttpMessageHandler(...)</c> adds a handler to it.</summary>
    public const string HuaweiHttpClientName = HuaweiMeetingClient.HttpClientName;

    /// <summary>
    /// Registers <see cref="IMeetingActivationService"/>, the per-user token cache (<see cref="IAccessTokenStore"/>, replaceable),
    /// options bound from the <c>HuaweiMeeting</c> section and validated at start, and the Huawei HttpClient with its resilience.
    /// Returns the Huawei HttpClient's builder: handlers added to it later run inside the retries, once per attempt
    /// (the place for a client-side rate limiter).
    /// </summary>
    public static IHttpClientBuilder AddHuaweiMeetingActivation(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HuaweiMeetingOptions>()
            .Bind(configuration.GetSection(HuaweiMeetingOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HuaweiMeetingOptions>, HuaweiMeetingOptionsValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IAccessTokenStore, MemoryAccessTokenStore>();
        services.TryAddSingleton<IHuaweiMeetingApi, HuaweiMeetingClient>();
        services.TryAddSingleton<HuaweiEnterpriseDirectory>();
        services.TryAddSingleton<SignInProfile>();
        services.TryAddSingleton<AccessTokenProvider>();
        services.TryAddSingleton<IMeetingActivationService, MeetingActivationService>();
        services.TryAddSingleton<IActivationEnvironment, ConfiguredActivationEnvironment>();

        var huawei = services.AddHttpClient(HuaweiMeetingClient.HttpClientName)
            .ConfigureHttpClient((provider, http) =>
            {
                var settings = provider.GetRequiredService<IOptions<HuaweiMeetingOptions>>().Value;
                http.BaseAddress = settings.BaseUrl;
                // The resilience pipeline's total timeout answers first; this only backs it up.
                http.Timeout = settings.ActivationTimeout + TimeSpan.FromSeconds(5);
            })
            // IHttpClientFactory's default loggers redact header values in the message text but still put the raw values
            // (X-Access-Token, Authorization) in the structured state at Trace level; HuaweiMeetingClient logs each call itself.
            .RemoveAllLoggers();
        huawei.AddResilienceHandler(HuaweiResilience.PipelineName, (pipeline, context) =>
            HuaweiResilience.Configure(pipeline, context.ServiceProvider.GetRequiredService<IOptions<HuaweiMeetingOptions>>().Value));
        // Inside the retry: each App ID authentication attempt is signed afresh (nonce, expireTime, signature).
        huawei.AddHttpMessageHandler(provider => new AppAuthSigningHandler(
            provider.GetRequiredService<IOptions<HuaweiMeetingOptions>>(), provider.GetRequiredService<TimeProvider>()));
        return huawei;
    }

    /// <summary>The real Huawei Cloud Meeting, ready once the configuration is valid.</summary>
    private sealed class ConfiguredActivationEnvironment(IOptions<HuaweiMeetingOptions> options) : IActivationEnvironment
    {
        public bool IsSandbox => false;

        public bool IsReady
        {
            get
            {
                try
                {
                    return options.Value is not null;
                }
                catch (OptionsValidationException)
                {
                    return false;
                }
            }
        }
    }
}
