namespace MeetingBot.Channels.BotFramework.Authentication;

/// <summary>
/// Outside Development, an empty <c>MicrosoftAppId</c> means the Bot Framework adapter authenticates nobody:
/// anyone who finds <c>/api/messages</c> can talk to the bot as any user. Say so loudly once the host has started.
/// </summary>
internal static class ChannelAuthenticationWarning
{
    public const string Category = "MeetingBot.Security";

    public static void WarnWhenUnauthenticated(WebApplication app)
    {
        if (app.Environment.IsDevelopment() || !string.IsNullOrWhiteSpace(app.Configuration["MicrosoftAppId"]))
        {
            return;
        }

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(Category);
        app.Lifetime.ApplicationStarted.Register(() => logger.LogWarning(
            "SECURITY WARNING: MicrosoftAppId is empty in the {Environment} environment, so {Path} accepts requests without a Bot Framework token " +
            "from anyone, as any user. Set MicrosoftAppId and MicrosoftAppPassword (and MicrosoftAppTenantId for SingleTenant) before exposing the bot.",
            app.Environment.EnvironmentName,
            Hosting.BotExtensions.MessagesRoute));
    }
}
