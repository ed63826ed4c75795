using MeetingBot.Meetings.Tokens;

namespace MeetingBot.State.SignInLocks;

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
