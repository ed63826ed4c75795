using MeetingBot.Meetings.Activation;
using MeetingBot.Sandbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace MeetingBot.Meetings.Tests.Support;

/// <summary>
/// The real activation services (DI registration, HttpClient, resilience, token cache) against the Huawei simulator
/// listening on loopback, with every log record (Trace and up, the simulator's too) captured.
/// </summary>
internal sealed class SandboxHarness : IAsyncDisposable
{
    private SandboxHarness(HuaweiSimulator simulator, ServiceProvider services)
    {
        Simulator = simulator;
        Services = services;
    }

    public HuaweiSimulator Simulator { get; }

    public ServiceProvider Services { get; }

    public IMeetingActivationService Activation => Services.GetRequiredService<IMeetingActivationService>();

    public FakeLogCollector Logs => Services.GetFakeLogCollector();

    public static async Task<SandboxHarness> StartAsync(
        Action<HuaweiSimulatorOptions>? simulator = null, IDictionary<string, string?>? settings = null)
    {
        var simulatorOptions = new HuaweiSimulatorOptions();
        simulator?.Invoke(simulatorOptions);

        var configuration = new ConfigurationManager();
        configuration["HuaweiMeeting:AppId"] = simulatorOptions.AppId;
        configuration["HuaweiMeeting:AppKey"] = simulatorOptions.AppKey;
        configuration["HuaweiMeeting:RetryBaseDelay"] = "00:00:00.050";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddFakeLogging());
        services.AddHuaweiMeetingActivation(configuration);
        var provider = services.BuildServiceProvider();

        var huawei = new HuaweiSimulator(simulatorOptions, TimeProvider.System, provider.GetRequiredService<ILogger<HuaweiSimulator>>());
        await huawei.StartAsync();
        // Options are read on first use, so the address the simulator got can still be configured.
        configuration["HuaweiMeeting:BaseUrl"] ??= huawei.BaseUrl.ToString();
        return new SandboxHarness(huawei, provider);
    }

    public async ValueTask DisposeAsync()
    {
        await Simulator.DisposeAsync();
        await Services.DisposeAsync();
    }
}
