using MeetingBot.Sandbox;
using MeetingBot.Testing;
using MeetingBot.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace MeetingBot.Tests.Shutdown;

/// <summary>
/// The Huawei that the SIGTERM tests' bot process calls: a <see cref="HuaweiSimulator"/> in the test process on a
/// <see cref="FakeTimeProvider"/>, so its slow meeting answers only when the test moves that clock.
/// </summary>
internal sealed class SlowHuawei : IAsyncDisposable
{
    /// <summary>Far shorter than an activation that only the test can end.</summary>
    public static readonly (string, string) ShortGracePeriod = ("Bot:ShutdownGracePeriod", "00:00:00.500");

    private readonly FakeTimeProvider time = new(DateTimeOffset.UtcNow);

    private SlowHuawei() =>
        Simulator = new HuaweiSimulator(new HuaweiSimulatorOptions { SlowMeetingDelay = TimeSpan.FromMilliseconds(500) }, time);

    public HuaweiSimulator Simulator { get; }

    /// <summary>Whether the slow meeting has answered.</summary>
    public bool Answered => Simulator.Requests.Any(r => r.Endpoint == SimulatorEndpoint.StartConference && r.StatusCode == 200);

    public static async Task<SlowHuawei> StartAsync()
    {
        var huawei = new SlowHuawei();
        await huawei.Simulator.StartAsync();
        return huawei;
    }

    /// <summary>
    /// The bot's settings for this Huawei, then <paramref name="settings"/>. The whole activation may take up to 14 s
    /// of real time (the most the options allow), so a loaded machine does not time it out before the test lets it answer.
    /// </summary>
    public Dictionary<string, string> BotSettings(params (string Key, string Value)[] settings)
    {
        var all = new Dictionary<string, string>
        {
            ["HuaweiMeeting:BaseUrl"] = Simulator.BaseUrl.ToString(),
            ["HuaweiMeeting:AppId"] = Simulator.Options.AppId,
            ["HuaweiMeeting:AppKey"] = Simulator.Options.AppKey,
            ["HuaweiMeeting:RequestTimeout"] = "00:00:14",
            ["HuaweiMeeting:ActivationTimeout"] = "00:00:14",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return all;
    }

    /// <summary>Sends SIGTERM, waits until the shutdown rule saw the activation in flight, then lets the slow meeting answer.</summary>
    public async Task AnswerDuringShutdownAsync(BotProcess bot)
    {
        await bot.SendSigtermAsync();
        await bot.WaitForOutputAsync(InFlightLine, TimeSpan.FromSeconds(60));
        await time.AdvanceUntilAsync(() => Answered, "the slow meeting's answer");
    }

    /// <summary>Lets the slow meeting answer now.</summary>
    public Task AnswerAsync() => time.AdvanceUntilAsync(() => Answered, "the slow meeting's answer");

    /// <summary>Waits until the bot has signed in and asked to start the meeting (a loaded machine takes seconds).</summary>
    public Task StartRequestedAsync() => Poll.UntilAsync(() => Starts > 0, TimeSpan.FromSeconds(60), "the start request");

    /// <summary>How many requests to start a meeting arrived, answered or not.</summary>
    public int Starts => Simulator.StartRequests;

    /// <summary>The shutdown rule's own log line: the activation had not finished when the SIGTERM was handled.</summary>
    public static void AssertTheSigtermCameWhileTheActivationWasInFlight(BotProcess bot) =>
        Assert.True(bot.Output.Contains(InFlightLine, StringComparison.Ordinal), $"The SIGTERM came after the activation ended:\n{bot.Output}");

    public ValueTask DisposeAsync() => Simulator.DisposeAsync();

    private const string InFlightLine = "activations in flight get up to";
}
