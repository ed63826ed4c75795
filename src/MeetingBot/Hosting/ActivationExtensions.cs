using MeetingBot.Meetings;
using MeetingBot.Meetings.Composition;
using MeetingBot.Sandbox;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MeetingBot.Hosting;

public static class ActivationExtensions
{
    /// <summary>
    /// The activation core (<see cref="ActivationCoreExtensions"/> names, in order, every class one activation passes
    /// through, from the audit event to the socket) and what it talks to, decided here once: Huawei Cloud Meeting, or, in
    /// Development with neither <c>HuaweiMeeting:AppId</c> nor <c>HuaweiMeeting:AppKey</c> configured, the built-in Huawei
    /// simulator (the sandbox), started with the host. Anywhere else missing credentials stop startup with a message
    /// naming the missing keys.
    /// </summary>
    public static WebApplicationBuilder AddActivation(this WebApplicationBuilder builder)
    {
        builder.Services.AddActivationCore(builder.Configuration);
        if (!UsesSandbox(builder))
        {
            builder.Services.AddSingleton<IActivationEnvironment, HuaweiCloudEnvironment>();
        }
        else
        {
            var shared = builder.Configuration.GetSection(SandboxOptions.SectionName).Get<SandboxOptions>();
            if (shared is { Url: not null, AppKey.Length: > 0 })
            {
                AddSharedSandbox(builder.Services, shared);
            }
            else
            {
                AddSandbox(builder);
            }
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
        services.AddSingleton<IActivationEnvironment, SandboxActivationEnvironment>();

        // The credentials are the simulator's own, known now; its address only once it listens (the environment's BaseUrl).
        // In service-provider mode the simulator's SP app signs in the tenants mapped to its seeded enterprises.
        services.PostConfigure<HuaweiMeetingOptions>(options =>
        {
            var serviceProvider = options.Mode == HuaweiMeetingMode.ServiceProvider;
            options.AppId = serviceProvider ? simulatorOptions.ServiceProviderAppId : simulatorOptions.AppId;
            options.AppKey = serviceProvider ? simulatorOptions.ServiceProviderAppKey : simulatorOptions.AppKey;
        });
    }

    /// <summary>
    /// <c>Sandbox:Url</c> and <c>Sandbox:AppKey</c>: the sandbox already runs as a process of its own
    /// (<c>tools/MeetingBot.SandboxServer</c>, started by <c>scripts/cluster.sh</c>), shared by several local replicas so
    /// that they share Huawei sign-ins as they would share the real Huawei.
    /// </summary>
    private static void AddSharedSandbox(IServiceCollection services, SandboxOptions shared)
    {
        var defaults = new HuaweiSimulatorOptions();
        services.AddSingleton<IActivationEnvironment>(new SharedSandboxEnvironment(shared.Url!));
        services.PostConfigure<HuaweiMeetingOptions>(options =>
        {
            options.AppId = options.Mode == HuaweiMeetingMode.ServiceProvider ? defaults.ServiceProviderAppId : defaults.AppId;
            options.AppKey = shared.AppKey!;
        });
        services.AddHostedService<SharedSandboxWarning>();
    }

    private sealed class SharedSandboxEnvironment(Uri url) : IActivationEnvironment
    {
        public bool IsSandbox => true;

        public bool IsReady => true;

        public Uri BaseUrl => url;
    }

    private sealed class SharedSandboxWarning(IActivationEnvironment environment, ILogger<SharedSandboxWarning> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            logger.LogWarning(
                "SANDBOX MODE: Huawei Cloud Meeting is SIMULATED by the shared sandbox at {SandboxUrl}; no real meeting is started. Try meeting {MeetingId} with password {DemoPassword}.",
                environment.BaseUrl, HuaweiSimulatorOptions.DemoMeetingId, HuaweiSimulatorOptions.DemoPassword);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
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
