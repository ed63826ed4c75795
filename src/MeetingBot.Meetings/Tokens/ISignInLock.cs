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

/// <summary>One process alone: <see cref="AccessTokenProvider"/>'s in-process single flight is already the whole lock.</summary>
public sealed class NoSignInLock : ISignInLock
{
    public ValueTask<IAsyncDisposable> AcquireAsync(string key, TimeSpan timeout, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IAsyncDisposable>(Released.Instance);

    private sealed class Released : IAsyncDisposable
    {
        public static readonly Released Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
