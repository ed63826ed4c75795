using MeetingBot.Localization;
using MeetingBot.Meetings;
using MeetingBot.Cards;
using MeetingBot.Meetings.Activation;
using MeetingBot.Meetings.Listing;

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
    IMeetingListService meetings,
    HostActivation hostActivation,
    IActivationEnvironment environment,
    ActivationsInFlight inFlight)
{
    /// <summary>How many meetings a list card shows (then "more in Huawei Cloud Meeting").</summary>
    public const int MeetingsShown = 10;

    /// <summary>How many of the user's next hosted meetings the form offers as one-click buttons.</summary>
    public const int ShortcutsShown = 3;

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
                return await RunAsync(activate.Meeting.MeetingId, token => ActivateAsync(turn.User, activate.Meeting, token), later, cancellationToken);
            case ActivateAsHostStep asHost:
                return await RunAsync(asHost.MeetingId, token => ActivateAsHostAsync(turn.User, asHost, token), later, cancellationToken);
            case ListMeetingsStep list:
                return await ListMeetingsAsync(turn, list.CardId, cancellationToken);
            case FormWithShortcutsStep form:
                return await FormWithShortcutsAsync(turn, form.Form, cancellationToken);
            default:
                throw new ArgumentOutOfRangeException(nameof(step), step.GetType().Name, "Unexpected dialog step.");
        }
    }

    /// <summary>An activation, awaited within the turn (<paramref name="later"/> null) or raced against the channel's reply budget.</summary>
    private Task<BotReply> RunAsync(string meetingId, Func<CancellationToken, Task<BotReply>> activate, LateDelivery? later, CancellationToken cancellationToken) =>
        later is null ? inFlight.RunAsync(meetingId, activate, cancellationToken) : inFlight.RunWithinBudgetAsync(meetingId, activate, later);

    /// <summary>Calls Huawei and shapes the answer; may finish after the turn (a late outcome).</summary>
    private async Task<BotReply> ActivateAsync(ChatUser user, MeetingCredentials meeting, CancellationToken cancellationToken)
    {
        var result = await activation.ActivateAsync(user, meeting, cancellationToken);
        return result.IsActivated
            ? new ResultReply(result, user.DisplayName ?? string.Empty, environment.IsSandbox)
            : new ErrorReply(result);
    }

    /// <summary>
    /// Asks Huawei for the host password and activates with it: the answer of the activation, or (the user does not host
    /// the meeting, or Huawei could not say) the form with the ID filled in, or when there is no form, why not.
    /// </summary>
    private async Task<BotReply> ActivateAsHostAsync(ChatUser user, ActivateAsHostStep step, CancellationToken cancellationToken)
    {
        switch (await hostActivation.ActivateAsync(user, step.MeetingId, cancellationToken))
        {
            case HostActivationOutcome.Attempted attempted:
                return attempted.Result.IsActivated
                    ? new ResultReply(attempted.Result, user.DisplayName ?? string.Empty, environment.IsSandbox)
                    : new ErrorReply(attempted.Result);
            case HostActivationOutcome.Unanswered unanswered when step.Form is null:
                var failure = unanswered.Failure;
                return new MeetingListFailedReply(failure.Outcome, failure.RetryAfter, failure.ErrorCode, failure.RequestId);
            default:
                return step.Form is null ? new NotHostReply(step.MeetingId) : new FormReply(step.Form);
        }
    }

    private async Task<BotReply> ListMeetingsAsync(ChatTurn turn, string cardId, CancellationToken cancellationToken)
    {
        var listed = await meetings.ListAsync(turn.User, new MeetingListQuery { Limit = MeetingsShown }, cancellationToken);
        return listed.Value is { } page
            ? new MeetingListReply(cardId, page.Meetings, page.HasMore, turn.TimeZone)
            : new MeetingListFailedReply(listed.Outcome, listed.RetryAfter, listed.ErrorCode, listed.RequestId);
    }

    /// <summary>The form, with the user's next hosted meetings above it when Huawei lists them (the form alone otherwise).</summary>
    private async Task<BotReply> FormWithShortcutsAsync(ChatTurn turn, FormCardModel form, CancellationToken cancellationToken)
    {
        var listed = await meetings.ListAsync(turn.User, new MeetingListQuery { Limit = MeetingsShown }, cancellationToken);
        var hosted = listed.Value?.Meetings.Where(meeting => meeting.IsHost).Take(ShortcutsShown).ToList();
        return new FormReply(form, hosted is { Count: > 0 } ? hosted : null, turn.TimeZone);
    }
}
