using MeetingBot.Cards;
using MeetingBot.Channels.Slack;
using MeetingBot.Conversation;
using MeetingBot.Localization;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace MeetingBot.Channels.BotFramework;

/// <summary>
/// The Bot Framework renderer: turns a <see cref="BotReply"/> into an Adaptive Card, a Universal Actions invoke
/// response, or a message (plain text for notices, and on Slack, through <see cref="SlackReplies"/>' text).
/// </summary>
public static class ReplyRenderer
{
    /// <summary>The reply as a card (also for one-line notices: an invoke response must carry a card).</summary>
    public static JObject Card(BotReply reply, BotText text, CardActionStyle style) => reply switch
    {
        FormReply form => FormCard.Build(form.Form, text, style, form.Shortcuts, form.TimeZone),
        MeetingListReply list => MeetingListCard.Build(list.CardId, list.Meetings, list.HasMore, list.TimeZone, text, style),
        MeetingListFailedReply failed => AdaptiveElements.Card([AdaptiveElements.Text(MeetingListFailureText.For(failed.Outcome, failed.RequestId, text), color: TextColor.Warning)]),
        NotHostReply notHost => AdaptiveElements.Card([AdaptiveElements.Text(text.Format(nameof(Strings.NotHostText), notHost.MeetingId))]),
        AlreadyActivatedReply already => AdaptiveElements.Card([AdaptiveElements.Text(text.Format(nameof(Strings.AlreadyActivatedFromCard), already.MeetingId), color: TextColor.Warning)]),
        ResultReply result => ResultCard.Build(result.Result, ActivatedBy(result, text), result.Sandbox, text),
        ErrorReply error => ErrorCard.Build(error.Result, text, style),
        ActivatingReply activating => StatusCards.Activating(activating.MeetingId, text),
        RestartReply restart => AdaptiveElements.Card([AdaptiveElements.Text(Restart(restart, text), color: TextColor.Warning)]),
        LostTrackReply lost => AdaptiveElements.Card([AdaptiveElements.Text(LostTrack(lost, text), color: TextColor.Warning)]),
        AlreadyUsedReply => StatusCards.AlreadyUsed(text, style),
        HelpReply help => HelpCard.Help(text, style, help.NotUnderstood),
        WelcomeReply => HelpCard.Welcome(text, style),
        NoticeReply notice => AdaptiveElements.Card([AdaptiveElements.Text(text[notice.TextKey])]),
        ApologyReply apology => AdaptiveElements.Card([AdaptiveElements.Text(Apology(apology, text), color: TextColor.Attention)]),
        UnavailableReply => AdaptiveElements.Card([AdaptiveElements.Text(text[nameof(Strings.StateUnavailable)], color: TextColor.Warning)]),
        _ => throw new ArgumentOutOfRangeException(nameof(reply), reply.GetType().Name, "Unknown reply."),
    };

    /// <summary>The reply as a message for <paramref name="activity"/>'s channel.</summary>
    public static IMessageActivity Message(BotReply reply, Activity activity)
    {
        var text = activity.Text();
        if (activity.IsSlack())
        {
            // Slack shows Adaptive Cards as public images: text only, worded as the slash commands' answers.
            return MessageFactory.Text(new SlackReplies(text).Render(reply, new SlackAudience(activity.ChatUser().UserId)).Text);
        }

        switch (reply)
        {
            case NoticeReply notice:
                return MessageFactory.Text(text[notice.TextKey]);
            case ApologyReply apology:
                return MessageFactory.Text(Apology(apology, text));
            case RestartReply restart:
                return MessageFactory.Text(Restart(restart, text));
            case LostTrackReply lost:
                return MessageFactory.Text(LostTrack(lost, text));
            case UnavailableReply:
                return MessageFactory.Text(text[nameof(Strings.StateUnavailable)]);
            case MeetingListFailedReply failed:
                return MessageFactory.Text(MeetingListFailureText.For(failed.Outcome, failed.RequestId, text));
            case NotHostReply notHost:
                return MessageFactory.Text(text.Format(nameof(Strings.NotHostText), notHost.MeetingId));
            case AlreadyActivatedReply already:
                return MessageFactory.Text(text.Format(nameof(Strings.AlreadyActivatedFromCard), already.MeetingId));
        }

        return MessageFactory.Attachment(new Attachment
        {
            ContentType = AdaptiveElements.ContentType,
            Content = Card(reply, text, activity.CardStyle()),
        });
    }

    /// <summary>A Universal Actions answer: the card that replaces the one the user clicked.</summary>
    public static AdaptiveCardInvokeResponse InvokeResponse(BotReply reply, Activity activity) => new()
    {
        StatusCode = 200,
        Type = AdaptiveElements.ContentType,
        Value = Card(reply, activity.Text(), activity.CardStyle()),
    };

    private static string Restart(RestartReply restart, BotText text) => text.Format(nameof(Strings.RestartNotice), restart.MeetingId);

    private static string LostTrack(LostTrackReply lost, BotText text) => text.Format(nameof(Strings.LostTrackNotice), lost.MeetingId);

    internal static string Apology(ApologyReply apology, BotText text) => text.Format(nameof(Strings.TurnError), apology.CorrelationId);

    internal static string ActivatedBy(ResultReply result, BotText text) =>
        string.IsNullOrWhiteSpace(result.ActivatedBy) ? text[nameof(Strings.SomeoneName)] : result.ActivatedBy;
}
