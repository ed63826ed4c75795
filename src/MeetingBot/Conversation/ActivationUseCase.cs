using MeetingBot.Localization;
using MeetingBot.Meetings;
using MeetingBot.Meetings.Activation;

namespace MeetingBot.Conversation;

/// <summary>
/// The one path from any chat to Huawei: <see cref="ActivationDialog"/> decides what a <see cref="ChatTurn"/> asks for,
/// and this carries it out: a reply, a signout, or an activation, either awaited within the turn or, where the channel
/// allows a late answer, raced against the channel's reply budget through <see cref="ActivationsInFlight"/>.
/// Channels only read their input into a <see cref="ChatTurn"/> and render the <see cref="BotReply"/>.
/// </summary>
public sealed class ActivationUseCase(
    ActivationDialog dialog,
    IMeetingActivationService activation,
    IActivationEnvironment environment,
    ActivationsInFlight inFlight)
{
    /// <summary>Decides the turn under the channel's memory; never waits for Huawei.</summary>
    public Task<DialogStep> DecideAsync(ChatTurn turn, IDialogMemory memory, CancellationToken cancellationToken) =>
        memory.DecideAsync((conversation, user) => dialog.Next(turn.Input, conversation, user, turn.IsPrivate), cancellationToken);

    /// <param name="later">Null: the turn waits for the whole activation. Otherwise the reply budget and where a late outcome goes.</param>
    public async Task<BotReply> AnswerAsync(ChatTurn turn, DialogStep step, LateDelivery? later, CancellationToken cancellationToken)
    {
        switch (step)
        {
            case ReplyStep reply:
                return reply.Reply;
            case SignOutStep:
                await activation.SignOutAsync(turn.User, cancellationToken);
                return new NoticeReply(nameof(Strings.SignedOutText));
            case ActivateStep activate:
                Task<BotReply> Activate(CancellationToken token) => ActivateAsync(turn.User, activate.Meeting, token);
                return later is null
                    ? await inFlight.RunAsync(activate.Meeting.MeetingId, Activate, cancellationToken)
                    : await inFlight.RunWithinBudgetAsync(activate.Meeting.MeetingId, Activate, later);
            default:
                throw new ArgumentOutOfRangeException(nameof(step), step.GetType().Name, "Unexpected dialog step.");
        }
    }

    /// <summary>Calls Huawei and shapes the answer; may finish after the turn (a late outcome).</summary>
    private async Task<BotReply> ActivateAsync(ChatUser user, MeetingCredentials meeting, CancellationToken cancellationToken)
    {
        var result = await activation.ActivateAsync(user, meeting, cancellationToken);
        return result.IsActivated
            ? new ResultReply(result, user.DisplayName ?? string.Empty, environment.IsSandbox)
            : new ErrorReply(result);
    }
}
