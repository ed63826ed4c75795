using System.Collections.Concurrent;
using System.Security.Claims;
using MeetingBot.Meetings.Telemetry;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;

namespace MeetingBot.Bot;

/// <summary>
/// Puts an outcome where the user looks: in place of the card they clicked where the channel can update messages
/// (Teams), else as a new message. Slow Teams activations finish here in the background, through the adapter's
/// proactive ContinueConversation; nothing is lost: failures are logged, and shutdown waits for pending deliveries.
/// </summary>
public sealed class OutcomeDelivery(ILogger<OutcomeDelivery> logger) : IHostedService
{
    private readonly ConcurrentDictionary<Task, bool> pending = new();

    /// <summary>Replaces the card the user clicked (<paramref name="cardMessageId"/>) with <paramref name="message"/>, or sends it.</summary>
    public async Task ReplaceOrSendAsync(ITurnContext turn, string? cardMessageId, IMessageActivity message, CancellationToken cancellationToken)
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
                logger.LogWarning(exception, "Could not update message {MessageId} on {ChannelId}; sending the outcome as a new message", cardMessageId, turn.Activity.ChannelId);
                message.Id = null;
            }
        }

        await turn.SendActivityAsync(message, cancellationToken);
    }

    /// <summary>
    /// After the turn has answered with an "activating…" card, waits for <paramref name="outcome"/> and replaces that
    /// card with it through a proactive turn.
    /// </summary>
    public void ReplaceWhenDone(ITurnContext turn, Task<BotReply> outcome)
    {
        var adapter = turn.Adapter;
        var identity = turn.TurnState.Get<ClaimsIdentity>(BotAdapter.BotIdentityKey);
        var original = turn.Activity;
        var reference = original.GetConversationReference();
        var cardMessageId = original.ReplyToId;

        var delivery = DeliverAsync();
        MeetingBotMetrics.TrackPendingDelivery(delivery);
        pending.TryAdd(delivery, true);
        _ = delivery.ContinueWith(done => pending.TryRemove(done, out _), TaskScheduler.Default);

        async Task DeliverAsync()
        {
            try
            {
                BotReply reply;
                try
                {
                    reply = await outcome;
                }
                catch (Exception exception)
                {
                    // The turn that would have apologised has ended: apologise in place of the "activating…" card.
                    var apology = ApologyReply.New();
                    logger.LogError(exception, "A slow activation failed in conversation {ConversationId} on {ChannelId}; correlation id {CorrelationId}", reference.Conversation?.Id, reference.ChannelId, apology.CorrelationId);
                    reply = apology;
                }

                var message = ReplyRenderer.Message(reply, original);
                await adapter.ContinueConversationAsync(
                    identity,
                    reference,
                    (proactive, cancellationToken) => ReplaceOrSendAsync(proactive, cardMessageId, message, cancellationToken),
                    CancellationToken.None);
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "Could not deliver a slow activation outcome to conversation {ConversationId} on {ChannelId}", reference.Conversation?.Id, reference.ChannelId);
            }
        }
    }

    /// <summary>Completes when every pending delivery has finished (tests, shutdown).</summary>
    public Task WhenIdleAsync() => Task.WhenAll(pending.Keys);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => WhenIdleAsync().WaitAsync(cancellationToken);

    private static bool CanUpdate(Activity activity) =>
        activity.ChannelId == Channels.Msteams && activity.DeliveryMode != DeliveryModes.ExpectReplies;
}
