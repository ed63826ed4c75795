using MeetingBot.Testing;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace MeetingBot.Tests.Security;

/// <summary>A real host whose adapter counts the turns that start, so a test can prove a request ran none.</summary>
public class TurnCountingHost : MeetingBotApplication
{
    public TurnCountingHost() => WithServices(services => services.AddSingleton<IMiddleware>(Turns));

    public TurnCounter Turns { get; } = new();
}

/// <summary>
/// Served by real Kestrel: the body size limits (413, also for chunked bodies without a Content-Length) are part of
/// the server's request handling, which the in-memory test server does not apply.
/// </summary>
public sealed class KestrelTurnCountingHost : TurnCountingHost
{
    public KestrelTurnCountingHost() => OnKestrel();
}

/// <summary>Channel authentication on: <c>MicrosoftAppId</c> set (the password is never used: no token is ever valid).</summary>
public sealed class AuthenticatingHost : TurnCountingHost
{
    public AuthenticatingHost() => WithSettings(new Dictionary<string, string>
    {
        ["MicrosoftAppId"] = "00000000-0000-0000-0000-000000000001",
        ["MicrosoftAppPassword"] = "not-a-real-secret",
    });
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
