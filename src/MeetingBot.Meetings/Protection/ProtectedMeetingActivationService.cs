using MeetingBot.Meetings.Activation;
using MeetingBot.Meetings.Telemetry;

namespace MeetingBot.Meetings.Protection;

/// <summary>
/// Refuses an activation before it reaches Huawei when the user is locked out of the meeting (too many wrong
/// ID/password answers), is trying too often, or has an activation still running; counts the answers that say the
/// guess was wrong.
/// </summary>
public sealed class ProtectedMeetingActivationService(
    IMeetingActivationService inner,
    FailedAttemptTracker failures,
    UserAttemptLimiter attempts,
    TimeProvider time) : IMeetingActivationService
{
    public async Task<ActivationResult> ActivateAsync(ChatUser user, string meetingId, string password, CancellationToken cancellationToken)
    {
        // Invalid input never reaches the network (the inner service answers it), so a typo is not a guess.
        if (MeetingInput.Validate(meetingId, password).Count > 0)
        {
            return await inner.ActivateAsync(user, meetingId, password, cancellationToken);
        }

        var normalizedId = MeetingInput.NormalizeMeetingId(meetingId);
        if (failures.LockedOutFor(user, normalizedId) is { } lockedOutFor)
        {
            return Refused(ActivationOutcome.LockedOut, normalizedId, lockedOutFor);
        }

        using var permit = attempts.Acquire(user);
        if (!permit.IsAcquired)
        {
            return Refused(ActivationOutcome.RateLimited, normalizedId, UserAttemptLimiter.RetryAfter(permit));
        }

        var result = await inner.ActivateAsync(user, meetingId, password, cancellationToken);
        if (result.Outcome == ActivationOutcome.Activated)
        {
            failures.RecordSuccess(user, normalizedId);
        }
        else if (result.Outcome is ActivationOutcome.WrongMeetingIdOrPassword or ActivationOutcome.MeetingNotFound)
        {
            failures.RecordFailure(user, normalizedId);
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
