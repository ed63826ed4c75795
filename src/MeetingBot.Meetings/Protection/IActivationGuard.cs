using MeetingBot.Meetings.Activation;

namespace MeetingBot.Meetings.Protection;

/// <summary>
/// A user's protection around one activation, checked and taken together: the lockout (too many wrong ID/password
/// answers), the attempts per minute, and the user's turn (a user's activations run one at a time, so the lockout stays
/// exact; a few more wait their turn). In process by default; shared by every replica with Redis.
/// </summary>
public interface IActivationGuard
{
    /// <summary>
    /// Refuses the attempt, or waits for the user's turn (at most until <paramref name="cancellationToken"/>, the
    /// activation's deadline) and admits it: the caller then holds the turn until it disposes the <see cref="ActivationTurn"/>.
    /// </summary>
    ValueTask<Admission> AdmitAsync(ChatUser user, string meetingId, CancellationToken cancellationToken);
}

/// <summary>What the guard decided: <see cref="Turn"/> when admitted, otherwise why not and when to try again.</summary>
public sealed record Admission(ActivationTurn? Turn, ActivationOutcome RefusedAs, TimeSpan RetryAfter)
{
    public static Admission Admitted(ActivationTurn turn) => new(turn, default, TimeSpan.Zero);

    public static Admission Refused(ActivationOutcome outcome, TimeSpan retryAfter) => new(null, outcome, retryAfter);
}

/// <summary>What the meeting's answer says about the guess, for the lockout.</summary>
public enum GuessVerdict
{
    /// <summary>Nothing (a timeout, Huawei busy, not permitted...): the count is unchanged.</summary>
    Unknown,

    /// <summary>The meeting started: this meeting's failures are forgotten.</summary>
    Right,

    /// <summary>Wrong ID or password, or no such meeting: counted.</summary>
    Wrong,
}

/// <summary>The user's turn: record the verdict once the answer is known; dispose to let the next attempt go.</summary>
public abstract class ActivationTurn : IAsyncDisposable
{
    public abstract ValueTask RecordAsync(GuessVerdict verdict);

    public abstract ValueTask DisposeAsync();

    public static GuessVerdict VerdictOf(ActivationOutcome outcome) => outcome switch
    {
        ActivationOutcome.Activated => GuessVerdict.Right,
        ActivationOutcome.WrongMeetingIdOrPassword or ActivationOutcome.MeetingNotFound => GuessVerdict.Wrong,
        _ => GuessVerdict.Unknown,
    };
}
