using MeetingBot.Commands;
using MeetingBot.Meetings;
using MeetingBot.Meetings.Activation;
using MeetingBot.Meetings.Audit;
using MeetingBot.Meetings.Telemetry;
using Microsoft.Extensions.Options;

namespace MeetingBot.Slack;

/// <summary>
/// Turns a verified slash command into its ephemeral reply. A slash command is private (only the invoker sees
/// the command and the reply), so <c>activate &lt;id&gt; &lt;password&gt;</c> activates directly here.
/// </summary>
public sealed class SlashCommandHandler(
    IMeetingActivationService activation,
    SlackDeferredReplies deferredReplies,
    SlackReplies replies,
    IActivationEnvironment environment,
    IOptions<SlackOptions> options,
    TimeProvider time,
    ILogger<SlashCommandHandler> logger)
{
    public const string ChannelId = "slack";

    private readonly TimeSpan _replyBudget = options.Value.ReplyBudget;

    public async Task<SlackMessage> HandleAsync(SlashCommandPayload payload, string reference, CancellationToken cancellationToken)
    {
        if (!options.Value.IsTeamAllowed(payload.TeamId))
        {
            MeetingBotMetrics.Refused(RefusalReason.TenantNotAllowed);
            logger.LogWarning("Refused a Slack slash command from team {TeamId}: not in Slack:AllowedTeams", AuditText.Clip(payload.TeamId));
            return replies.TeamNotAllowed();
        }

        var (command, syntax) = Interpret(payload);
        var user = new ChatUser(ChannelId, payload.TeamId, payload.UserId, DisplayName: payload.UserName);
        logger.LogInformation(
            "Slack slash command {SlashCommand} ({CommandKind}) from user {UserId} in team {TeamId}",
            payload.Command, command.Kind, payload.UserId, payload.TeamId);

        switch (command.Kind)
        {
            case CommandKind.Activate when !string.IsNullOrEmpty(command.MeetingId) && !string.IsNullOrEmpty(command.Password):
                return await ActivateAsync(user, command.MeetingId, command.Password, payload, syntax, reference, cancellationToken);
            case CommandKind.Activate:
                return replies.Usage(syntax, UsageLead.ArgumentsMissing);
            case CommandKind.SignOut:
                await activation.SignOutAsync(user, cancellationToken);
                return replies.SignedOut();
            case CommandKind.Cancel:
                return replies.Cancelled();
            case CommandKind.Help:
                return replies.Usage(syntax, UsageLead.None);
            default:
                return replies.Usage(syntax, UsageLead.NotUnderstood);
        }
    }

    /// <summary>
    /// <c>/meetingbot signout</c> names the command in the text; <c>/activate 986030665 123456</c> names it in the
    /// slash command itself. The text alone is tried first so <c>/activate help</c> is help, not a meeting ID "help".
    /// A bare umbrella command (<c>/meetingbot</c>) is a request for help.
    /// </summary>
    private static (Command Command, SlashCommandSyntax Syntax) Interpret(SlashCommandPayload payload)
    {
        var fromCommand = CommandParser.Parse(payload.Command);
        var syntax = new SlashCommandSyntax(payload.Command, fromCommand.Kind == CommandKind.Activate);
        if (string.IsNullOrWhiteSpace(payload.Text))
        {
            return (fromCommand.Kind == CommandKind.Unknown ? new Command(CommandKind.Help) : fromCommand, syntax);
        }

        var fromText = CommandParser.Parse(payload.Text);
        return fromText.Kind != CommandKind.Unknown
            ? (fromText, syntax)
            : (CommandParser.Parse($"{payload.Command} {payload.Text}"), syntax);
    }

    private async Task<SlackMessage> ActivateAsync(
        ChatUser user, string meetingId, string password, SlashCommandPayload payload, SlashCommandSyntax syntax,
        string reference, CancellationToken cancellationToken)
    {
        // Not the request's token: when the budget runs out the activation carries on after the response is sent.
        var activationTask = activation.ActivateAsync(user, meetingId, password, deferredReplies.Stopping);

        using (var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            await Task.WhenAny(activationTask, Task.Delay(_replyBudget, time, budget.Token));
            await budget.CancelAsync();
        }

        if (activationTask.IsCompleted)
        {
            return Render(await activationTask, payload, syntax);
        }

        logger.LogInformation("Slack activation outlasted the {ReplyBudget} reply budget; the outcome goes to response_url", _replyBudget);
        deferredReplies.DeliverLater(activationTask, payload.ResponseUrl, reference, result => Render(result, payload, syntax));
        return replies.Activating(MeetingInput.NormalizeMeetingId(meetingId));
    }

    private SlackMessage Render(ActivationResult result, SlashCommandPayload payload, SlashCommandSyntax syntax) =>
        result.IsActivated
            ? replies.Activated(result, payload.UserId, environment.IsSandbox)
            : replies.Failed(result, syntax);
}
