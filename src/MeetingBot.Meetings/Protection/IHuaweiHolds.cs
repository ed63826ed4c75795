using System.Collections.Concurrent;

namespace MeetingBot.Meetings.Protection;

/// <summary>
/// Until when Huawei asked us to stop calling, per endpoint (or <c>*</c> for all): the state behind
/// <see cref="HuaweiRateLimitGate"/>. Read before every Huawei request, so reading never leaves the process; written
/// rarely (a 429, an exhausted limit). In process by default; shared by every replica with Redis.
/// </summary>
public interface IHuaweiHolds
{
    /// <summary>Until when calls to <paramref name="key"/> are held; <see cref="DateTimeOffset.MinValue"/> when they are not.</summary>
    DateTimeOffset HeldUntil(string key);

    /// <summary>Holds calls to <paramref name="key"/> until <paramref name="until"/>, unless a later hold is already known.</summary>
    ValueTask HoldUntilAsync(string key, DateTimeOffset until);
}

/// <summary>The holds of one process. Keys are the client's own few endpoints, so the map stays small.</summary>
public sealed class MemoryHuaweiHolds : IHuaweiHolds
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _heldUntil = new(StringComparer.Ordinal);

    public DateTimeOffset HeldUntil(string key) => _heldUntil.TryGetValue(key, out var until) ? until : DateTimeOffset.MinValue;

    public ValueTask HoldUntilAsync(string key, DateTimeOffset until)
    {
        Keep(key, until);
        return ValueTask.CompletedTask;
    }

    /// <summary>Keeps the later of the known hold and <paramref name="until"/>.</summary>
    public void Keep(string key, DateTimeOffset until) =>
        _heldUntil.AddOrUpdate(key, until, (_, existing) => existing > until ? existing : until);
}
