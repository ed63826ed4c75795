namespace MeetingBot.Tests.Infrastructure;

/// <summary>One real host (with its sandbox) shared by the tests of a class; every test uses its own conversation and user.</summary>
public sealed class BotHostFixture : IAsyncLifetime
{
    private BotHost? host;

    public BotHost Host => host ?? throw new InvalidOperationException("The host has not started.");

    public async Task InitializeAsync() => host = await BotHost.StartAsync();

    public async Task DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }
}
