using MeetingBot.Meetings.Activation;

namespace MeetingBot.Meetings.Protection;

/// <summary>
/// Refuses an activation before it reaches Huawei when the user is locked out of the meeting (too many wrong
/// ID/password answers) or is trying too often; otherwise lets it wait its turn behind the user's running activation;
/// counts the answers that say the guess was wrong. The rules are the <see cref="IActivationGuard"/>'s (in process, or
/// shared by every replica through Redis). Its refusals are counted (<c>meetingbot.refusals</c>) by the audit, which sees
/// every outcome.
/// </summary>
public sealed class ProtectedMeetingActivationService(IActivationStage inner, IActivationGuard guard, TimeProvider time) : IActivationStage
{
    public async Task<ActivationResult> ActivateAsync(ActivationRequest request, CancellationToken cancellationToken)
    {
        var admission = await guard.AdmitAsync(request.User, request.MeetingId, cancellationToken);
        if (admission.Turn is not { } turn)
        {
            return Refused(admission.RefusedAs, request.MeetingId, admission.RetryAfter);
        }

        await using (turn)
        {
            var result = await inner.ActivateAsync(request, cancellationToken);
            await turn.RecordAsync(ActivationTurn.VerdictOf(result.Outcome));
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
