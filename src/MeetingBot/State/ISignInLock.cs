namespace MeetingBot.State;

/// <summary>
/// Serialises sign-ins per user across every replica: whoever holds the lock checks the shared token store first, so
/// only one replica ever signs a user in per token lifetime.
/// </summary>
public interface ISignInLock
{
    /// <summary>Waits (at most <paramref name="timeout"/>) until no other holder has <paramref name="key"/>; dispose to release.</summary>
    ValueTask<IAsyncDisposable> AcquireAsync(string key, TimeSpan timeout, CancellationToken cancellationToken);
}
