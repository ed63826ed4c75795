using MeetingBot.Meetings.Activation;

namespace MeetingBot.Meetings.Protection;

/// <summary>
/// Refuses an activation before it reaches Huawei when the user is locked out of the meeting (too many wrong
/// ID/password answers) or is trying too often; otherwise lets it wait its turn behind the user's running activation;
/// counts the answers that say the guess was wrong. A host password Huawei gave (a one-click activation) is no guess: it
/// takes an attempt and the user's turn like any other, but its answer is never counted toward the lockout. The rules
/// are the <see cref="IActivationGuard"/>'s (in process, or shared by every replica through Redis). Its refusals are
/// counted (<c>meetingbot.refusals</c>) by the audit, which sees every outcome.
/// </summary>
public sealed class ProtectionStage(IMeetingActivationService inner, IActivationGuard guard, TimeProvider time) : IMeetingActivationService
{
    public async Task<ActivationResult> ActivateAsync(ChatUser user, MeetingCredentials meeting, CancellationToken cancellationToken)
    {
        var admission = await guard.AdmitAsync(user, meeting.MeetingId, cancellationToken);
        if (admission.Turn is not { } turn)
        {
            return Refused(admission.RefusedAs, meeting.MeetingId, admission.RetryAfter);
        }

        await using (turn)
        {
            var result = await inner.ActivateAsync(user, meeting, cancellationToken);
            await turn.RecordAsync(meeting.TypedByUser ? ActivationTurn.VerdictOf(result.Outcome) : GuessVerdict.Unknown);
            return result;
        }
    }

    public Task SignOutAsync(ChatUser user, CancellationToken cancellationToken) => inner.SignOutAsync(user, cancellationToken);

    private ActivationResult Refused(ActivationOutcome outcome, string meetingId, TimeSpan retryAfter)
    {
        return new()
        {
            Outcome = outcome,
            MeetingId = meetingId,
            RetryAfter = retryAfter,
            CompletedAt = time.GetUtcNow(),
        };
    }
}
