using MeetingBot.Conversation;
using MeetingBot.Meetings.Telemetry;
using Microsoft.Extensions.Options;

namespace MeetingBot.Channels.Slack;

/// <summary>
/// The Slack channel adapter: a verified slash command becomes a <see cref="ChatTurn"/> for
/// <see cref="ActivationUseCase"/>, and its reply a Block Kit message. A slash command is private (only the invoker
/// sees the command and the reply), so <c>activate &lt;id&gt; &lt;password&gt;</c> activates directly. Past
/// <see cref="SlackOptions.ReplyBudget"/> the command is acknowledged and the outcome posted to <c>response_url</c>.
/// </summary>
public sealed class SlashCommandHandler(
    ActivationUseCase useCase,
    SlackReplies replies,
    SlackResponseUrlClient responseUrls,
    IOptions<SlackOptions> options,
    MeetingBotMetrics metrics,
    ILogger<SlashCommandHandler> logger)
{
    public const string ChannelId = "slack";

    public async Task<SlackMessage> HandleAsync(SlashCommandPayload payload, CancellationToken cancellationToken)
    {
        if (!options.Value.IsTeamAllowed(payload.TeamId))
        {
            metrics.Refused(RefusalReason.TenantNotAllowed);
            logger.LogWarning("Refused a Slack slash command from team {TeamId}: not in Slack:AllowedTeams", ChannelInput.Id(payload.TeamId));
            return replies.TeamNotAllowed();
        }

        var (command, syntax) = payload.ReadCommand();
        var user = ChannelInput.ChatUser(ChannelId, payload.TeamId, payload.UserId, displayName: payload.UserName);
        var turn = new ChatTurn(user, new TypedCommand(command), IsPrivate: true);
        logger.LogInformation(
            "Slack slash command {SlashCommand} ({CommandKind}) from user {UserId} in team {TeamId}",
            ChannelInput.Clean(payload.Command), command.Kind, turn.User.UserId, turn.User.TenantId);

        var audience = new SlackAudience(turn.User.UserId, syntax);
        var step = await useCase.DecideAsync(turn, NoDialogMemory.Instance, cancellationToken);
        var later = new LateDelivery(options.Value.ReplyBudget, responseUrls.LaterTarget(payload.ResponseUrl, replies, audience));
        var reply = await useCase.AnswerAsync(turn, step, later, cancellationToken);
        return replies.Render(reply, audience);
    }
}
