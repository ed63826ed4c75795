using System.Threading.RateLimiting;
using MeetingBot.Meetings.Activation;
using MeetingBot.Meetings.Protection;
using MeetingBot.Meetings;

namespace MeetingBot.State.ActivationGuards;

/// <summary>
/// <see cref="IActivationGuard"/> for one process: <see cref="FailedAttemptTracker"/> and <see cref="UserAttemptLimiter"/>
/// in memory. The lockout is checked before and again once it is the user's turn: the attempts before may just have
/// locked the user out.
/// </summary>
public sealed class InProcessActivationGuard(FailedAttemptTracker failures, UserAttemptLimiter attempts) : IActivationGuard
{
    public async ValueTask<Admission> AdmitAsync(ChatUser user, string meetingId, CancellationToken cancellationToken)
    {
        if (failures.LockedOutFor(user, meetingId) is { } lockedOutFor)
        {
            return Admission.Refused(ActivationOutcome.LockedOut, lockedOutFor);
        }

        using (var attempt = attempts.TakeAttempt(user))
        {
            if (!attempt.IsAcquired)
            {
                return Admission.Refused(ActivationOutcome.TooManyAttempts, UserAttemptLimiter.RetryAfter(attempt));
            }
        }

        var lease = await attempts.WaitForTurnAsync(user, cancellationToken);
        if (!lease.IsAcquired)
        {
            lease.Dispose();
            return Admission.Refused(ActivationOutcome.TooManyAtOnce, UserAttemptLimiter.RetryAfter(lease));
        }

        if (failures.LockedOutFor(user, meetingId) is { } lockedOutWhileWaiting)
        {
            lease.Dispose();
            return Admission.Refused(ActivationOutcome.LockedOut, lockedOutWhileWaiting);
        }

        return Admission.Admitted(new Turn(failures, user, meetingId, lease));
    }

    private sealed class Turn(FailedAttemptTracker failures, ChatUser user, string meetingId, RateLimitLease lease) : ActivationTurn
    {
        public override ValueTask RecordAsync(GuessVerdict verdict)
        {
            if (verdict == GuessVerdict.Right)
            {
                failures.RecordSuccess(user, meetingId);
            }
            else if (verdict == GuessVerdict.Wrong)
            {
                failures.RecordFailure(user, meetingId);
            }

            return ValueTask.CompletedTask;
        }

        public override ValueTask DisposeAsync()
        {
            lease.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
