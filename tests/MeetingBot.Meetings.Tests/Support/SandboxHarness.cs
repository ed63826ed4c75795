using MeetingBot.Meetings.Activation;
using MeetingBot.Sandbox;
using MeetingBot.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Testing;

namespace MeetingBot.Meetings.Tests.Support;

/// <summary>
/// The app (<see cref="MeetingBotApplication"/>) configured for Huawei, with a Huawei simulator listening on loopback as
/// the stub Huawei server: the real registration, HttpClient, resilience and token cache over real HTTP. Every log record
/// (Trace and up, the simulator's too) is captured. The simulator is configured before it starts, like a real Huawei
/// whose app keys exist before the bot does. Given a clock (a <c>FakeTimeProvider</c>), the app and the simulator both read
/// it: deadlines, retry delays and the simulator's slow answers then pass only when the test moves it.
/// </summary>
internal sealed class SandboxHarness : IAsyncDisposable
{
    private SandboxHarness(MeetingBotApplication app, HuaweiSimulator simulator)
    {
        App = app;
        Simulator = simulator;
    }

    public MeetingBotApplication App { get; }

    public HuaweiSimulator Simulator { get; }

    public IServiceProvider Services => App.Services;

    /// <summary>The activation service layer as the app composes it.</summary>
    public IMeetingActivationService Activation => Services.GetRequiredService<IMeetingActivationService>();

    public FakeLogCollector Logs => App.Logs;

    public static async Task<SandboxHarness> StartAsync(
        Action<HuaweiSimulatorOptions>? simulator = null, IDictionary<string, string?>? settings = null, TimeProvider? time = null)
    {
        var simulatorOptions = new HuaweiSimulatorOptions();
        simulator?.Invoke(simulatorOptions);
        var app = new MeetingBotApplication();
        if (time is not null)
        {
            app.WithServices(services => services.Replace(ServiceDescriptor.Singleton(time)));
        }

        var huawei = new HuaweiSimulator(simulatorOptions, time ?? TimeProvider.System, new FakeLogger<HuaweiSimulator>(app.Logs));
        await huawei.StartAsync();

        var configuration = new Dictionary<string, string?>
        {
            ["HuaweiMeeting:AppId"] = simulatorOptions.AppId,
            ["HuaweiMeeting:AppKey"] = simulatorOptions.AppKey,
            ["HuaweiMeeting:BaseUrl"] = huawei.BaseUrl.ToString(),
            ["HuaweiMeeting:RetryBaseDelay"] = "00:00:00.050",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        app.WithSettings(configuration.Where(setting => setting.Value is not null).Select(setting => KeyValuePair.Create(setting.Key, setting.Value!)));
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            await huawei.DisposeAsync();
            throw;
        }

        return new SandboxHarness(app, huawei);
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Simulator.DisposeAsync();
    }
}
