namespace MeetingBot.Tests.Infrastructure;

/// <summary>One real host (with its sandbox) shared by the tests of a class; every test uses its own conversation and user.</summary>
public sealed class BotHostFixture : IAsyncLifetime
{
    private BotHost? host;

    public BotHost Host => host ?? throw new InvalidOperationException("The host has not started.");

    // The longest invoke budget the bot allows: a loaded test machine must not turn a quick activation into the slow path.
    public async Task InitializeAsync() =>
        host = await BotHost.StartAsync(new Dictionary<string, string> { ["Bot:InvokeReplyBudget"] = "00:00:10" });

    public async Task DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }
}
