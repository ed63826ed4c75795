using MeetingBot.Cards;
using MeetingBot.Localization;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace MeetingBot.Bot;

/// <summary>Turns a <see cref="BotReply"/> into what a channel shows: an Adaptive Card, or text on Slack.</summary>
public static class ReplyRenderer
{
    /// <summary>The reply as a card (also for one-line notices: an invoke response must carry a card).</summary>
    public static JObject Card(BotReply reply, BotText text, CardActionStyle style) => reply switch
    {
        FormReply form => FormCard.Build(form.Form, text, style),
        ResultReply result => ResultCard.Build(result.Result, ActivatedBy(result, text), result.Sandbox, text),
        ErrorReply error => ErrorCard.Build(error.Result, text, style),
        ActivatingReply activating => StatusCards.Activating(activating.MeetingId, text),
        AlreadyUsedReply => StatusCards.AlreadyUsed(text, style),
        HelpReply help => HelpCard.Help(text, style, help.NotUnderstood),
        WelcomeReply => HelpCard.Welcome(text, style),
        NoticeReply notice => AdaptiveElements.Card([AdaptiveElements.Text(text[notice.TextKey])]),
        ApologyReply apology => AdaptiveElements.Card([AdaptiveElements.Text(Apology(apology, text), color: TextColor.Attention)]),
        _ => throw new ArgumentOutOfRangeException(nameof(reply), reply.GetType().Name, "Unknown reply."),
    };

    /// <summary>The reply as a message for <paramref name="activity"/>'s channel.</summary>
    public static IMessageActivity Message(BotReply reply, Activity activity)
    {
        var text = activity.Text();
        if (activity.IsSlack())
        {
            return MessageFactory.Text(SlackText.For(reply, text));
        }

        if (reply is NoticeReply notice)
        {
            return MessageFactory.Text(text[notice.TextKey]);
        }

        if (reply is ApologyReply apology)
        {
            return MessageFactory.Text(Apology(apology, text));
        }

        return MessageFactory.Attachment(new Attachment
        {
            ContentType = AdaptiveElements.ContentType,
            Content = Card(reply, text, activity.CardStyle()),
        });
    }

    internal static string Apology(ApologyReply apology, BotText text) => text.Format(nameof(Strings.TurnError), apology.CorrelationId);

    internal static string ActivatedBy(ResultReply result, BotText text) =>
        string.IsNullOrWhiteSpace(result.ActivatedBy) ? text[nameof(Strings.SomeoneName)] : result.ActivatedBy;
}
