using MeetingBot.Meetings.Activation;
using MeetingBot.Sandbox;
using MeetingBot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MeetingBot.Meetings.Tests.Support;

/// <summary>
/// The app (<see cref="MeetingBotApplication"/>) in Development, so the Huawei simulator listens on loopback as the stub
/// Huawei server, with every log record (Trace and up, the simulator's too) captured.
/// </summary>
internal static class SandboxApp
{
    /// <param name="simulator">Changes to the simulator's meetings and delays, made once it listens.</param>
    /// <param name="settings">Configuration, as on the command line.</param>
    /// <param name="services">Overrides after the app's own registrations.</param>
    public static async Task<MeetingBotApplication> StartAsync(
        Action<HuaweiSimulatorOptions>? simulator = null, IDictionary<string, string>? settings = null, Action<IServiceCollection>? services = null)
    {
        var app = new MeetingBotApplication()
            .WithSetting("HuaweiMeeting:RetryBaseDelay", "00:00:00.050")
            .WithSettings(settings ?? new Dictionary<string, string>())
            .WithServices(registrations => registrations.AddSingleton<MeetingActivationService>());
        if (services is not null)
        {
            app.WithServices(services);
        }

        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        simulator?.Invoke(app.Simulator.Options);
        return app;
    }

    extension(MeetingBotApplication app)
    {
        /// <summary>
        /// The activation service layer as the app composes it (its Huawei client, resilience and token cache), without the
        /// bot's protection and audit decorators around it: what these tests exercise is the client path itself.
        /// </summary>
        public IMeetingActivationService Activation => app.Services.GetRequiredService<MeetingActivationService>();
    }
}
