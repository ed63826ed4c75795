using MeetingBot.Meetings;
using MeetingBot.Sandbox;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MeetingBot.Hosting;

public static class MeetingActivationExtensions
{
    /// <summary>
    /// Registers the activation service layer, composed in one place: <see cref="MeetingActivationServiceCollectionExtensions"/>
    /// names, in order, every class one activation passes through, from the audit event to the socket. In Development with
    /// neither <c>HuaweiMeeting:AppId</c> nor <c>HuaweiMeeting:AppKey</c> configured, activations go to the built-in Huawei simulator (the sandbox), started with the host; anywhere else missing
    /// credentials stop startup with a message naming the missing keys.
    /// </summary>
    public static WebApplicationBuilder AddMeetingActivation(this WebApplicationBuilder builder)
    {
        builder.Services.AddHuaweiMeetingActivation(builder.Configuration);
        if (UsesSandbox(builder))
        {
            AddSandbox(builder);
        }

        return builder;
    }

    private static bool UsesSandbox(WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(HuaweiMeetingOptions.SectionName);
        return builder.Environment.IsDevelopment()
            && string.IsNullOrWhiteSpace(section[nameof(HuaweiMeetingOptions.AppId)])
            && string.IsNullOrWhiteSpace(section[nameof(HuaweiMeetingOptions.AppKey)]);
    }

    private static void AddSandbox(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SandboxOptions>()
            .Bind(builder.Configuration.GetSection(SandboxOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        var simulatorOptions = new HuaweiSimulatorOptions();
        services.AddSingleton(provider => new HuaweiSimulator(
            simulatorOptions, provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<HuaweiSimulator>>()));
        services.AddHostedService<HuaweiSandboxService>();
        services.Replace(ServiceDescriptor.Singleton<IActivationEnvironment, SandboxActivationEnvironment>());

        // The credentials are the simulator's own, known now; its address only once it listens (the environment's BaseUrl).
        // In service-provider mode the simulator's SP app signs in the tenants mapped to its seeded enterprises.
        services.PostConfigure<HuaweiMeetingOptions>(options =>
        {
            var serviceProvider = options.Mode == HuaweiMeetingMode.ServiceProvider;
            options.AppId = serviceProvider ? simulatorOptions.ServiceProviderAppId : simulatorOptions.AppId;
            options.AppKey = serviceProvider ? simulatorOptions.ServiceProviderAppKey : simulatorOptions.AppKey;
        });
    }

    private sealed class SandboxActivationEnvironment(HuaweiSimulator simulator) : IActivationEnvironment
    {
        public bool IsSandbox => true;

        public bool IsReady => simulator.IsRunning;

        public Uri BaseUrl => simulator.BaseUrl;
    }

    /// <summary>Starts the simulator with the host (before the server takes requests) and says loudly that this is a sandbox.</summary>
    private sealed class HuaweiSandboxService(
        HuaweiSimulator simulator, IOptions<SandboxOptions> sandbox, IOptions<HuaweiMeetingOptions> options, ILogger<HuaweiSandboxService> logger)
        : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            if (sandbox.Value.SlowMeetingDelay is { } slowMeetingDelay)
            {
                simulator.Options.SlowMeetingDelay = slowMeetingDelay;
            }

            await simulator.StartAsync(cancellationToken);
            logger.LogWarning(
                "SANDBOX MODE: Huawei Cloud Meeting is SIMULATED at {SandboxUrl} instead of {HuaweiUrl}; no real meeting is started. "
                + "Try meeting {MeetingId} with password {DemoPassword}. Set {AppIdKey} and {AppKeyKey} to use Huawei.",
                simulator.BaseUrl, options.Value.BaseUrl, HuaweiSimulatorOptions.DemoMeetingId, HuaweiSimulatorOptions.DemoPassword,
                $"{HuaweiMeetingOptions.SectionName}:AppId", $"{HuaweiMeetingOptions.SectionName}:AppKey");
        }

        public Task StopAsync(CancellationToken cancellationToken) => simulator.StopAsync(cancellationToken);
    }
}
