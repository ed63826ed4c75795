namespace MeetingBot.Testing;

/// <summary>Waiting for something the code under test does in the background, always with a deadline.</summary>
public static class Poll
{
    /// <summary>Checks <paramref name="condition"/> every few milliseconds; throws <see cref="TimeoutException"/> once <paramref name="timeout"/> passed.</summary>
    public static async Task UntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Still waiting after {timeout}: {what}");
            }

            await Task.Delay(10);
        }
    }
}
