using System.Security.Claims;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;

namespace MeetingBot.Bot;

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
                logger.LogWarning(exception, "Could not update message {MessageId} on {ChannelId}; sending the outcome as a new message", ChannelValues.Clean(cardMessageId), ChannelValues.Clean(turn.Activity.ChannelId));
                message.Id = null;
            }
        }

        await turn.SendActivityAsync(message, cancellationToken);
    }

    /// <summary>Where a late outcome of this turn goes: a proactive turn that replaces the clicked card or sends a message.</summary>
    public static ILateOutcomeTarget LaterTarget(ITurnContext turn, ILogger logger) => new ProactiveTarget(
        turn.Adapter,
        turn.TurnState.Get<ClaimsIdentity>(BotAdapter.BotIdentityKey),
        turn.Activity,
        logger);

    /// <summary>
    /// Where a late outcome goes when the replica that showed "activating…" died: a proactive turn on this replica,
    /// as the bot (<paramref name="botAppId"/>), to the recorded conversation, replacing the recorded card.
    /// </summary>
    public static ILateOutcomeTarget RevivedTarget(BotAdapter adapter, string? botAppId, BotFrameworkAddress address, ILogger logger) =>
        new RevivedProactiveTarget(adapter, botAppId, address, logger);

    private static bool CanUpdate(Activity activity) =>
        activity.ChannelId == Channels.Msteams && activity.DeliveryMode != DeliveryModes.ExpectReplies;

    private sealed class ProactiveTarget(BotAdapter adapter, ClaimsIdentity identity, Activity original, ILogger logger) : ILateOutcomeTarget
    {
        private readonly ConversationReference reference = original.GetConversationReference();

        public string ChannelId => ChannelValues.Clean(original.ChannelId);

        public LateOutcomeAddress Address => new BotFrameworkAddress(reference, original.ReplyToId, original.Text().Culture.Name);

        public Task DeliverAsync(BotReply reply, CancellationToken cancellationToken)
        {
            var message = ReplyRenderer.Message(reply, original);
            return adapter.ContinueConversationAsync(
                identity,
                reference,
                (proactive, token) => ReplaceOrSendAsync(proactive, original.ReplyToId, message, logger, token),
                cancellationToken);
        }
    }

    private sealed class RevivedProactiveTarget(BotAdapter adapter, string? botAppId, BotFrameworkAddress address, ILogger logger) : ILateOutcomeTarget
    {
        public string ChannelId => ChannelValues.Clean(address.Conversation.ChannelId ?? "-");

        public LateOutcomeAddress Address => address;

        public Task DeliverAsync(BotReply reply, CancellationToken cancellationToken)
        {
            // The original activity is gone with its replica; the reference and the recorded culture render the same reply.
            var original = address.Conversation.GetContinuationActivity();
            original.Locale = address.Culture;
            var message = ReplyRenderer.Message(reply, original);
            return adapter.ContinueConversationAsync(
                botAppId ?? string.Empty,
                address.Conversation,
                (proactive, token) => ReplaceOrSendAsync(proactive, address.CardActivityId, message, logger, token),
                cancellationToken);
        }
    }
}
