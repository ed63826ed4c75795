using MeetingBot.Meetings.Activation;
using MeetingBot.Meetings.Telemetry;

namespace MeetingBot.Meetings.Protection;

/// <summary>
/// Refuses an activation before it reaches Huawei when the user is locked out of the meeting (too many wrong
/// ID/password answers) or is trying too often; otherwise lets it wait its turn behind the user's running activation;
/// counts the answers that say the guess was wrong.
/// </summary>
public sealed class ProtectedMeetingActivationService(
    IActivationStage inner,
    FailedAttemptTracker failures,
    UserAttemptLimiter attempts,
    TimeProvider time) : IActivationStage
{
    public async Task<ActivationResult> ActivateAsync(ActivationRequest request, CancellationToken cancellationToken)
    {
        var (user, meetingId) = (request.User, request.MeetingId);
        if (failures.LockedOutFor(user, meetingId) is { } lockedOutFor)
        {
            return Refused(ActivationOutcome.LockedOut, meetingId, lockedOutFor);
        }

        using (var attempt = attempts.TakeAttempt(user))
        {
            if (!attempt.IsAcquired)
            {
                return Refused(ActivationOutcome.TooManyAttempts, meetingId, UserAttemptLimiter.RetryAfter(attempt));
            }
        }

        using var turn = await attempts.WaitForTurnAsync(user, cancellationToken);
        if (!turn.IsAcquired)
        {
            return Refused(ActivationOutcome.TooManyAtOnce, meetingId, UserAttemptLimiter.RetryAfter(turn));
        }

        // Checked again now that it is our turn: the attempts before us may have just locked the user out.
        if (failures.LockedOutFor(user, meetingId) is { } lockedOutWhileWaiting)
        {
            return Refused(ActivationOutcome.LockedOut, meetingId, lockedOutWhileWaiting);
        }

        var result = await inner.ActivateAsync(request, cancellationToken);
        if (result.Outcome == ActivationOutcome.Activated)
        {
            failures.RecordSuccess(user, meetingId);
        }
        else if (result.Outcome is ActivationOutcome.WrongMeetingIdOrPassword or ActivationOutcome.MeetingNotFound)
        {
            failures.RecordFailure(user, meetingId);
        }

        return result;
    }

    public Task SignOutAsync(ChatUser user, CancellationToken cancellationToken) => inner.SignOutAsync(user, cancellationToken);

    private ActivationResult Refused(ActivationOutcome outcome, string meetingId, TimeSpan retryAfter)
    {
        MeetingBotMetrics.Refused(outcome == ActivationOutcome.LockedOut ? RefusalReason.LockedOut : RefusalReason.UserRateLimit);
        return new()
        {
            Outcome = outcome,
            MeetingId = meetingId,
            RetryAfter = retryAfter,
            CompletedAt = time.GetUtcNow(),
        };
    }
}
