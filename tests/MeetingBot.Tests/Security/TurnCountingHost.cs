using MeetingBot.Tests.Infrastructure;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace MeetingBot.Tests.Security;

/// <summary>A real host whose adapter counts the turns that start, so a test can prove a request ran none.</summary>
public class TurnCountingHost : IAsyncLifetime
{
    private BotHost? host;

    public BotHost Host => host ?? throw new InvalidOperationException("The host has not started.");

    public TurnCounter Turns { get; } = new();

    protected virtual Dictionary<string, string> Settings => [];

    public async Task InitializeAsync() =>
        host = await BotHost.StartAsync(Settings, services => services.AddSingleton<IMiddleware>(Turns));

    public async Task DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }
}

/// <summary>Channel authentication on: <c>MicrosoftAppId</c> set (the password is never used: no token is ever valid).</summary>
public sealed class AuthenticatingHost : TurnCountingHost
{
    protected override Dictionary<string, string> Settings => new()
    {
        ["MicrosoftAppId"] = "00000000-0000-0000-0000-000000000001",
        ["MicrosoftAppPassword"] = "not-a-real-secret",
    };
}

/// <summary>Adapter middleware that counts the turns that start.</summary>
public sealed class TurnCounter : IMiddleware
{
    private int count;

    public int Count => Volatile.Read(ref count);

    public Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref count);
        return next(cancellationToken);
    }
}
