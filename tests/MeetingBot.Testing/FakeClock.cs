using Microsoft.Extensions.Time.Testing;

namespace MeetingBot.Testing;

/// <summary>
/// Moves a <see cref="FakeTimeProvider"/> while the code under test waits on it. The clock goes forward in small steps,
/// each followed by a short real pause, and only until what the test waits for has happened: a timer may be registered a
/// moment after the request that needs it is seen, and a retry delay on the same clock would stay frozen if the test
/// jumped once and then only watched. Every wait has a real-time deadline.
/// </summary>
public static class FakeClock
{
    /// <summary>How far one step moves the clock: well below every delay a test waits through.</summary>
    public static readonly TimeSpan Step = TimeSpan.FromMilliseconds(50);

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    /// <summary>Advances <paramref name="time"/> step by step until <paramref name="done"/>; throws <see cref="TimeoutException"/> after 60 real seconds.</summary>
    public static async Task AdvanceUntilAsync(this FakeTimeProvider time, Func<bool> done, string what)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(done);
        var deadline = DateTime.UtcNow + Deadline;
        while (!done())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Still waiting after {Deadline} (the fake clock at {time.GetUtcNow():O}): {what}");
            }

            time.Advance(Step);
            await Task.Delay(10);
        }
    }

    /// <summary>Advances <paramref name="time"/> step by step until <paramref name="work"/> completes, and returns its result.</summary>
    public static async Task<T> AdvanceUntilDoneAsync<T>(this FakeTimeProvider time, Task<T> work, string what)
    {
        ArgumentNullException.ThrowIfNull(work);
        await time.AdvanceUntilAsync(() => work.IsCompleted, what);
        return await work;
    }
}
