using System.Text;
using MeetingBot.State;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Internal;
using Microsoft.Extensions.Options;

namespace MeetingBot.Channels.BotFramework.DialogState;

/// <summary>
/// Bot Framework state in process memory that forgets: an entry lives <see cref="StateOptions.IdleExpiry"/> after its
/// last write, and at most <see cref="StateOptions.MaxInMemoryEntries"/> are kept (the least recently used go first).
/// Documents are kept as compact UTF-8 JSON bytes, not object graphs nor UTF-16 strings (half the memory of a string:
/// the documents are ASCII but for names users typed). ETags and batches behave as in <see cref="RedisStorage"/>.
/// </summary>
public sealed class BoundedMemoryStorage : IStorage, IDisposable
{
    private const double CompactionPercentage = 0.10;

    private readonly MemoryCache _cache;
    private readonly StateDocument _documents;
    private readonly int _maxEntries;
    private readonly TimeSpan _idleExpiry;

    // Compare-and-set of ETags must be atomic; state writes are short, so one lock is enough.
    private readonly Lock _writeLock = new();

    public BoundedMemoryStorage(IOptions<StateOptions> options, TimeProvider timeProvider, StateTypes types)
    {
        _documents = new StateDocument(types);
        _maxEntries = options.Value.MaxInMemoryEntries;
        _idleExpiry = options.Value.IdleExpiry;
        _cache = new MemoryCache(new MemoryCacheOptions
        {
            SizeLimit = _maxEntries,
            CompactionPercentage = CompactionPercentage,
            Clock = new TimeProviderClock(timeProvider),
        });
    }

    /// <summary>How many entries are held now.</summary>
    public int Count => _cache.Count;

    public Task<IDictionary<string, object>> ReadAsync(string[] keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var found = new Dictionary<string, object>(keys.Length);
        foreach (var key in keys)
        {
            if (_cache.TryGetValue(key, out Entry? entry) && entry is not null)
            {
                found[key] = _documents.Read(Encoding.UTF8.GetString(entry.Json));
            }
        }

        return Task.FromResult<IDictionary<string, object>>(found);
    }

    /// <summary>A batch is written whole or not at all: one stale item refuses every change in it.</summary>
    public Task WriteAsync(IDictionary<string, object> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var writes = changes.Select(change => (change.Key, Write: change.Value is null ? (StateDocument.Write?)null : _documents.ForWrite(change.Value))).ToList();
        lock (_writeLock)
        {
            foreach (var (key, write) in writes)
            {
                var stored = _cache.TryGetValue(key, out Entry? current) ? current?.ETag : null;
                if (write is { } checkedWrite && checkedWrite.ConflictsWith(stored))
                {
                    throw StateDocument.Conflict(key);
                }
            }

            foreach (var (key, write) in writes)
            {
                if (write is not { } document)
                {
                    _cache.Remove(key);
                    continue;
                }

                MakeRoom();
                _cache.Set(key, new Entry(Encoding.UTF8.GetBytes(document.Json), document.NewETag), new MemoryCacheEntryOptions
                {
                    Size = 1,
                    AbsoluteExpirationRelativeToNow = _idleExpiry,
                });
            }
        }

        return Task.CompletedTask;
    }

    public Task DeleteAsync(string[] keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        foreach (var key in keys)
        {
            _cache.Remove(key);
        }

        return Task.CompletedTask;
    }

    public void Dispose() => _cache.Dispose();

    /// <summary>
    /// A full MemoryCache silently refuses new entries until a background compaction frees room: a state write must
    /// never be dropped, so we compact first, here, under the write lock.
    /// </summary>
    private void MakeRoom()
    {
        if (_cache.Count >= _maxEntries)
        {
            _cache.Compact(CompactionPercentage);
        }
    }

    private sealed record Entry(byte[] Json, string ETag);

    private sealed class TimeProviderClock(TimeProvider timeProvider) : ISystemClock
    {
        public DateTimeOffset UtcNow => timeProvider.GetUtcNow();
    }
}
