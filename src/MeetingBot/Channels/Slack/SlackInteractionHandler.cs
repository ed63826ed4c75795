using MeetingBot.Cards;
using MeetingBot.Channels.BotFramework.DialogState;
using MeetingBot.Conversation;
using MeetingBot.Meetings;
using MeetingBot.Meetings.Telemetry;
using MeetingBot.Telemetry;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.Options;

namespace MeetingBot.Channels.Slack;

/// <summary>
/// A click on an Activate button of a Slack meeting list becomes a <see cref="ChatTurn"/> with a one-click
/// <see cref="CardSubmit"/> for <see cref="ActivationUseCase"/>: the bot asks Huawei for the meeting's host password and
/// starts it. The click was acknowledged already (Slack waits 3 seconds at most), so every answer goes to the click's
/// <c>response_url</c> as a new private message under the list, which stays; past <see cref="SlackOptions.ReplyBudget"/>
/// "activating…" first, then the outcome through the late-outcome records, which another replica delivers if this one dies.
/// </summary>
/// <remarks>
/// A button is used once: its card id and meeting ID go into the form ledger of the user's Slack conversation with the bot,
/// kept in the app's <see cref="IStorage"/> (Redis when configured, with ETags), so a second click, on any replica, says the
/// meeting was already activated from this list.
/// </remarks>
public sealed class SlackInteractionHandler(
    ActivationUseCase useCase,
    SlackReplies replies,
    SlackResponseUrlClient responseUrls,
    IStorage storage,
    ConversationGate gate,
    IOptions<SlackOptions> options,
    MeetingBotMetrics metrics,
    ILogger<SlackInteractionHandler> logger)
{
    public const string ActivityType = SlackInteractionPayload.BlockActions;

    public async Task HandleAsync(SlackInteractionPayload payload, SlackOneClickAction click, CancellationToken cancellationToken)
    {
        using var telemetry = TurnTelemetry.Start(metrics, SlashCommandHandler.ChannelId, ActivityType, () => TelemetryValues.SnakeCase(CardVerbs.OneClick));
        var audience = new SlackAudience(ChannelInput.Id(payload.UserId), SlashCommandSyntax.Default);
        try
        {
            await responseUrls.PostAsync(payload.ResponseUrl, await AnswerAsync(payload, click, audience, cancellationToken), cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            telemetry.Failed(exception);
            var reply = SlackTurnFailure.LoggedReplyFor(exception, logger, "Slack click");
            await responseUrls.PostAsync(payload.ResponseUrl, replies.Render(reply, audience), cancellationToken);
        }
    }

    private async Task<SlackMessage> AnswerAsync(SlackInteractionPayload payload, SlackOneClickAction click, SlackAudience audience, CancellationToken cancellationToken)
    {
        if (!options.Value.IsTeamAllowed(payload.TeamId))
        {
            metrics.Refused(RefusalReason.TenantNotAllowed);
            logger.LogWarning("Refused a Slack click from team {TeamId}: not in Slack:AllowedTeams", ChannelInput.Id(payload.TeamId));
            return replies.TeamNotAllowed();
        }

        var user = ChannelInput.ChatUser(SlashCommandHandler.ChannelId, payload.TeamId, payload.UserId, displayName: payload.UserName);
        var turn = new ChatTurn(user, new CardSubmit(CardVerbs.OneClick, click.CardId, click.MeetingId, Password: null, PrefillMeetingId: null), IsPrivate: true, ShowsCards: false);
        logger.LogInformation(
            "Slack click on Activate for meeting {MeetingId} from user {UserId} in team {TeamId}", click.MeetingId, user.UserId, user.TenantId);

        var step = await useCase.DecideAsync(turn, Memory(user), cancellationToken);
        var later = new LateDelivery(options.Value.ReplyBudget, responseUrls.LaterTarget(payload.ResponseUrl, replies, audience));
        return replies.Render(await useCase.AnswerAsync(turn, step, later, cancellationToken), audience);
    }

    /// <summary>
    /// The user's private conversation with the bot in a Slack workspace (slash commands and the buttons on their answers):
    /// one per user, as every list has a card id of its own.
    /// </summary>
    private BotStateMemory Memory(ChatUser user)
    {
        var conversation = StateKeys.Conversation(SlashCommandHandler.ChannelId, $"commands:{user.TenantId}:{user.UserId}");
        return new BotStateMemory(SlashCommandHandler.ChannelId, conversation, StateKeys.UserIn(conversation, user.UserId), storage, gate, logger);
    }
}
