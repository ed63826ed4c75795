namespace MeetingBot.Meetings.Tokens;

/// <summary>
/// Serialises a user's sign-ins across every replica: whoever holds the lock reads the shared token store again first,
/// so only one replica signs a user in per token lifetime. Keys are <see cref="SignInSubject.TokenKey"/>.
/// </summary>
public interface ISignInLock
{
    /// <summary>
    /// Waits (at most <paramref name="timeout"/>) until no other holder has <paramref name="key"/>; dispose to release.
    /// Throws <see cref="TimeoutException"/> when the lock is still held elsewhere at the timeout.
    /// </summary>
    ValueTask<IAsyncDisposable> AcquireAsync(string key, TimeSpan timeout, CancellationToken cancellationToken);
}
