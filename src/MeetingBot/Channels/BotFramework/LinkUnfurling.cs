using MeetingBot.Cards;
using MeetingBot.Conversation;
using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;

namespace MeetingBot.Channels.BotFramework;

/// <summary>
/// Teams link unfurling (<c>composeExtension/queryLink</c>, for the domains of the manifest's <c>messageHandlers</c>): the
/// answer Teams expects, a message extension <c>result</c> in a list with the link's card and the card again as its
/// preview; no card at all for a link that is not a Huawei Cloud Meeting join link.
/// </summary>
public static class LinkUnfurling
{
    public const string ResultType = "result";

    public static MessagingExtensionResponse Response(MeetingLink? link, Activity activity)
    {
        List<MessagingExtensionAttachment> attachments = [];
        if (link is not null)
        {
            var card = MeetingLinkCard.Build(link, activity.Text(), activity.CardStyle());
            attachments.Add(new MessagingExtensionAttachment
            {
                ContentType = AdaptiveElements.ContentType,
                Content = card,
                Preview = new Attachment { ContentType = AdaptiveElements.ContentType, Content = card },
            });
        }

        return new MessagingExtensionResponse
        {
            ComposeExtension = new MessagingExtensionResult
            {
                Type = ResultType,
                AttachmentLayout = AttachmentLayoutTypes.List,
                Attachments = attachments,
            },
        };
    }

    /// <summary>A refusal Teams shows as text where the card would have been (<c>type: message</c>).</summary>
    public static MessagingExtensionResponse Refusal(string text) => new()
    {
        ComposeExtension = new MessagingExtensionResult { Type = "message", Text = text },
    };
}
