using MeetingBot.Conversation;
using MeetingBot.LateOutcomes;
using MeetingBot.Localization;

namespace MeetingBot.Channels.Slack;

/// <summary>Delivers the late outcome of a slash command whose replica died: posts it to the command's <c>response_url</c>.</summary>
public sealed class SlackOrphanDelivery(SlackResponseUrlClient responseUrls) : IOrphanedOutcomeDelivery
{
    public bool Handles(LateOutcomeAddress address) => address is SlackResponseUrlAddress;

    public ILateOutcomeTarget TargetFor(LateOutcomeAddress address)
    {
        var slack = (SlackResponseUrlAddress)address;
        return responseUrls.LaterTarget(slack.ResponseUrl, new SlackReplies(BotText.For(slack.Culture)), slack.Audience);
    }
}
