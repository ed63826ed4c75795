using MeetingBot.Localization;
using MeetingBot.Slack;

namespace MeetingBot.Bot;

/// <summary>Turns a recorded <see cref="LateOutcomeAddress"/> back into somewhere this replica can deliver to.</summary>
public sealed class LateOutcomeTargets(
    MeetingBotAdapter adapter,
    IConfiguration configuration,
    SlackResponseUrlClient responseUrls,
    ILogger<LateOutcomeTargets> logger)
{
    public ILateOutcomeTarget For(LateOutcomeAddress address) => address switch
    {
        // A proactive turn as the bot itself; local mode (no app id) sends unauthenticated, as every turn does there.
        BotFrameworkAddress conversation => BotFrameworkDelivery.RevivedTarget(adapter, configuration["MicrosoftAppId"], conversation, logger),
        SlackResponseUrlAddress slack => responseUrls.LaterTarget(slack.ResponseUrl, new SlackReplies(BotText.For(slack.Culture)), slack.Audience),
        _ => throw new ArgumentOutOfRangeException(nameof(address), address.GetType().Name, "Unknown late outcome address."),
    };
}
