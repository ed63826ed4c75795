namespace MeetingBot.Testing;

/// <summary>
/// Waiting for something the code under test does in the background, always with a deadline: the one way tests wait
/// (no fixed sleeps). The pause between checks is only how often to look, never what the test relies on.
/// </summary>
public static class Poll
{
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>Checks <paramref name="condition"/> every few milliseconds; throws <see cref="TimeoutException"/> once <paramref name="timeout"/> passed.</summary>
    public static Task UntilAsync(Func<bool> condition, TimeSpan timeout, string what, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return UntilAsync(() => Task.FromResult(condition()), timeout, what, interval);
    }

    /// <summary>
    /// Checks <paramref name="condition"/> (which may ask Redis, send a turn, read an endpoint) every <paramref name="interval"/>
    /// (10 ms unless told) after the previous check ended; throws <see cref="TimeoutException"/> once <paramref name="timeout"/>
    /// passed. An exception from the condition (an assertion on what it saw) ends the wait with that exception.
    /// </summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Still waiting after {timeout}: {what}");
            }

            await Task.Delay(interval ?? DefaultInterval);
        }
    }
}
