using MeetingBot.Meetings.Protection;
using MeetingBot.Meetings;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace MeetingBot.State.ActivationGuards;

/// <summary>
/// Counts wrong meeting ID/password answers per (user, meeting) and per user in a sliding window, and says when a
/// user is locked out. Counters live in a size-limited <see cref="MemoryCache"/>, so a flood of identities cannot
/// exhaust memory. Time comes from <see cref="TimeProvider"/>; the cache's own expiry only reclaims memory.
/// </summary>
public sealed class FailedAttemptTracker : IDisposable
{
    private readonly MemoryCache _logs;
    private readonly ProtectionOptions _options;
    private readonly TimeProvider _time;
    private readonly Lock _createGate = new();

    public FailedAttemptTracker(IOptions<ProtectionOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _time = time;
        _logs = new MemoryCache(new MemoryCacheOptions { SizeLimit = _options.MaxTrackedKeys });
    }

    /// <summary>How many counters are held now (for tests of the memory bound).</summary>
    internal int TrackedKeys => _logs.Count;

    /// <summary>How long the user must wait before trying this meeting again; null when they may try now.</summary>
    public TimeSpan? LockedOutFor(ChatUser user, string meetingId)
    {
        var now = _time.GetUtcNow();
        var forMeeting = Find(MeetingKey(user, meetingId))?.LockedOutFor(now, _options.FailureWindow);
        var forUser = Find(UserKey(user))?.LockedOutFor(now, _options.FailureWindow);
        return (forMeeting, forUser) switch
        {
            ({ } a, { } b) => a > b ? a : b,
            _ => forMeeting ?? forUser,
        };
    }

    public void RecordFailure(ChatUser user, string meetingId)
    {
        var now = _time.GetUtcNow();
        GetOrAdd(MeetingKey(user, meetingId), _options.MaxFailedAttempts).Add(now, _options.FailureWindow);
        GetOrAdd(UserKey(user), _options.MaxFailedAttemptsPerUser).Add(now, _options.FailureWindow);
    }

    /// <summary>
    /// Forgets the user's failures for this meeting. The per-user count is kept on purpose: otherwise someone who
    /// owns one meeting could reset it between guesses at other people's meetings.
    /// </summary>
    public void RecordSuccess(ChatUser user, string meetingId) => _logs.Remove(MeetingKey(user, meetingId));

    public void Dispose() => _logs.Dispose();

    private static string MeetingKey(ChatUser user, string meetingId) => $"{user.CacheKey}|{meetingId}";

    private static string UserKey(ChatUser user) => user.CacheKey;

    private FailureLog? Find(string key) => _logs.TryGetValue(key, out FailureLog? log) ? log : null;

    private FailureLog GetOrAdd(string key, int capacity)
    {
        // Failures are rare (the attempt rate limit bounds them), so one lock keeps get-or-add simple and exact.
        lock (_createGate)
        {
            if (Find(key) is { } existing)
            {
                return existing;
            }

            var log = new FailureLog(capacity);
            // When the cache is full the entry is refused and compaction frees room; the count starts again then.
            _logs.Set(key, log, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = _options.FailureWindow });
            return log;
        }
    }

    /// <summary>The times of the last <c>capacity</c> failures for one key.</summary>
    private sealed class FailureLog(int capacity)
    {
        private readonly Queue<DateTimeOffset> _failures = new(capacity);

        public void Add(DateTimeOffset at, TimeSpan window)
        {
            lock (_failures)
            {
                ForgetOlderThan(at - window);
                if (_failures.Count == capacity)
                {
                    _failures.Dequeue();
                }

                _failures.Enqueue(at);
            }
        }

        public TimeSpan? LockedOutFor(DateTimeOffset now, TimeSpan window)
        {
            lock (_failures)
            {
                ForgetOlderThan(now - window);
                return _failures.Count < capacity ? null : _failures.Peek() + window - now;
            }
        }

        private void ForgetOlderThan(DateTimeOffset cutoff)
        {
            while (_failures.Count > 0 && _failures.Peek() <= cutoff)
            {
                _failures.Dequeue();
            }
        }
    }
}
