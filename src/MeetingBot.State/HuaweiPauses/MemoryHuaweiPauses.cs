using System.Collections.Concurrent;
using MeetingBot.Meetings.Protection;

namespace MeetingBot.State.HuaweiPauses;

/// <summary>The pauses of one process. Keys are the client's own few endpoints, so the map stays small.</summary>
public sealed class MemoryHuaweiPauses : IHuaweiPauses
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _heldUntil = new(StringComparer.Ordinal);

    public DateTimeOffset PausedUntil(string key) => _heldUntil.TryGetValue(key, out var until) ? until : DateTimeOffset.MinValue;

    public ValueTask PauseUntilAsync(string key, DateTimeOffset until)
    {
        Keep(key, until);
        return ValueTask.CompletedTask;
    }

    /// <summary>Keeps the later of the known pause and <paramref name="until"/>.</summary>
    public void Keep(string key, DateTimeOffset until) =>
        _heldUntil.AddOrUpdate(key, until, (_, existing) => existing > until ? existing : until);
}
