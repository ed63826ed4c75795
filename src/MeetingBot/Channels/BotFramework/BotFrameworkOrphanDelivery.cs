using MeetingBot.Conversation;
using MeetingBot.LateOutcomes;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace MeetingBot.Channels.BotFramework;

/// <summary>
/// Delivers the late outcome of a Bot Framework turn whose replica died: a proactive turn as the bot, replacing the
/// recorded "activating…" card where the channel can update messages, or privately to the user it was for.
/// </summary>
public sealed class BotFrameworkOrphanDelivery(
    MeetingBotAdapter adapter,
    IConfiguration configuration,
    ILogger<BotFrameworkOrphanDelivery> logger) : IOrphanedOutcomeDelivery
{
    public bool Handles(LateOutcomeAddress address) => address is BotFrameworkAddress;

    /// <summary>A proactive turn as the bot itself; local mode (no app id) sends unauthenticated, as every turn does there.</summary>
    public ILateOutcomeTarget TargetFor(LateOutcomeAddress address) =>
        new RevivedProactiveTarget(adapter, configuration["MicrosoftAppId"], (BotFrameworkAddress)address, logger);

    private sealed class RevivedProactiveTarget(BotAdapter adapter, string? botAppId, BotFrameworkAddress address, ILogger logger) : ILateOutcomeTarget
    {
        public string ChannelId => ChannelInput.Clean(address.Conversation.ChannelId ?? "-");

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
                (proactive, token) => BotFrameworkDelivery.DeliverLateAsync(proactive, address, original, message, logger, token),
                cancellationToken);
        }
    }
}
