using ChannelIds = Microsoft.Bot.Connector.Channels;
using System.Security.Claims;
using MeetingBot.Conversation;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;

namespace MeetingBot.Channels.BotFramework;

/// <summary>
/// Puts an outcome where a Bot Framework user looks: in place of the card they clicked where the channel can update
/// messages (Teams), else as a new message (Web Chat, Direct Line, Emulator).
/// </summary>
public static class BotFrameworkDelivery
{
    /// <summary>Replaces the card the user clicked (<paramref name="cardMessageId"/>) with <paramref name="message"/>, or sends it.</summary>
    public static async Task ReplaceOrSendAsync(ITurnContext turn, string? cardMessageId, IMessageActivity message, ILogger logger, CancellationToken cancellationToken)
    {
        if (cardMessageId is not null && CanUpdate(turn.Activity))
        {
            message.Id = cardMessageId;
            try
            {
                await turn.UpdateActivityAsync(message, cancellationToken);
                return;
            }
            catch (Exception exception) when (exception is ErrorResponseException or HttpRequestException or NotSupportedException)
            {
                // The card may be gone or the channel may refuse updates: the user still gets the outcome, as a new message.
                logger.LogWarning(exception, "Could not update message {MessageId} on {ChannelId}; sending the outcome as a new message", ChannelInput.Clean(cardMessageId), ChannelInput.Clean(turn.Activity.ChannelId));
                message.Id = null;
            }
        }

        await turn.SendActivityAsync(message, cancellationToken);
    }

    /// <summary>
    /// Where a late outcome of this turn goes: a proactive turn that replaces the clicked card or sends a message; with
    /// <paramref name="toUserOnly"/>, a new targeted message to the user who acted (see <see cref="TargetedMessages"/>),
    /// the clicked card staying as it is.
    /// </summary>
    public static ILateOutcomeTarget LaterTarget(ITurnContext turn, ILogger logger, bool toUserOnly = false) => new ProactiveTarget(
        turn.Adapter,
        turn.TurnState.Get<ClaimsIdentity>(BotAdapter.BotIdentityKey),
        turn.Activity,
        toUserOnly,
        logger);

    /// <summary>
    /// Delivers <paramref name="message"/> to the conversation of <paramref name="turn"/> (a proactive turn): as a targeted
    /// message to <paramref name="original"/>'s sender when <paramref name="address"/> says only they may see it, else in
    /// place of the recorded card.
    /// </summary>
    internal static Task DeliverLateAsync(ITurnContext turn, BotFrameworkAddress address, Activity original, IMessageActivity message, ILogger logger, CancellationToken cancellationToken)
    {
        if (address.ToUserOnly)
        {
            TargetedMessages.MakeTargeted(message, original);
            return turn.SendActivityAsync(message, cancellationToken);
        }

        return ReplaceOrSendAsync(turn, address.CardActivityId, message, logger, cancellationToken);
    }

    private static bool CanUpdate(Activity activity) =>
        activity.ChannelId == ChannelIds.Msteams && activity.DeliveryMode != DeliveryModes.ExpectReplies;

    private sealed class ProactiveTarget(BotAdapter adapter, ClaimsIdentity identity, Activity original, bool toUserOnly, ILogger logger) : ILateOutcomeTarget
    {
        private readonly BotFrameworkAddress address = new(
            original.GetConversationReference(), toUserOnly ? null : original.ReplyToId, original.Text().Culture.Name, toUserOnly);

        public string ChannelId => ChannelInput.Clean(original.ChannelId);

        public LateOutcomeAddress Address => address;

        public Task DeliverAsync(BotReply reply, CancellationToken cancellationToken)
        {
            var message = ReplyRenderer.Message(reply, original);
            return adapter.ContinueConversationAsync(
                identity,
                address.Conversation,
                (proactive, token) => DeliverLateAsync(proactive, address, original, message, logger, token),
                cancellationToken);
        }
    }
}
