using System.Collections.Immutable;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using StackExchange.Redis;

namespace MeetingBot.State.Redis.DataProtection;

/// <summary>
/// Data Protection's key ring as it is in Redis (one list, shared by every replica, in the format of the ASP.NET Core
/// Redis repository: one key element's XML per entry), served from a copy in memory so that reading the key ring never
/// waits on Redis: Data Protection reads its repository synchronously, on whatever thread asks for a key, and a request
/// thread blocked on Redis starves the thread pool that Redis answers need. <see cref="KeyRingLoader"/> loads the copy at
/// startup and refreshes it in the background; until it was first loaded the key ring is unavailable (a state outage).
/// </summary>
public sealed class RedisKeyRingRepository(IConnectionMultiplexer redis) : IXmlRepository, IDisposable
{
    /// <summary>Where the keys live in Redis (the list the ASP.NET Core Redis repository used here before).</summary>
    public const string KeysKey = "meetingbot:dataprotection-keys";

    private volatile Snapshot? loaded;
    private CancellationTokenSource changed = new();

    /// <summary>Whether the keys were read from Redis at least once, so the key ring can be built without waiting on Redis.</summary>
    public bool IsLoaded => loaded is not null;

    /// <summary>The ids of the keys Redis held at the last load (and those stored since): keys every replica can read.</summary>
    public IReadOnlySet<Guid> KeyIds => loaded?.KeyIds ?? ImmutableHashSet<Guid>.Empty;

    /// <summary>Cancelled when a load finds keys other than those loaded before (added by another replica, or lost).</summary>
    public CancellationToken ChangeToken => Volatile.Read(ref changed).Token;

    /// <summary>Reads the keys from Redis. True when they differ from the copy in memory.</summary>
    public async Task<bool> LoadAsync()
    {
        var entries = await redis.GetDatabase().ListRangeAsync(KeysKey);
        var fresh = new Snapshot([.. entries.Select(entry => (string)entry!)]);
        var previous = loaded;
        loaded = fresh;
        if (previous is null || previous.SameEntries(fresh))
        {
            return false;
        }

        var old = Interlocked.Exchange(ref changed, new CancellationTokenSource());
        await old.CancelAsync();
        old.Dispose();
        return true;
    }

    public IReadOnlyCollection<XElement> GetAllElements() =>
        (loaded ?? throw new KeyRingUnavailableException()).Elements;

    /// <summary>
    /// A new key: pushed to Redis, then kept in the copy. Synchronous because Data Protection's repository interface is;
    /// it runs only when a key is created: by <see cref="KeyRingLoader"/> in the background, or by Data Protection's own
    /// background refresh when the default key nears its expiry (every 90 days), never on a request's thread.
    /// </summary>
    public void StoreElement(XElement element, string friendlyName)
    {
        var xml = element.ToString(SaveOptions.DisableFormatting);
        redis.GetDatabase().ListRightPush(KeysKey, xml);
        var current = loaded ?? new Snapshot([]);
        loaded = new Snapshot([.. current.Entries, xml]);
    }

    public void Dispose() => changed.Dispose();

    private sealed class Snapshot
    {
        public Snapshot(IReadOnlyList<string> entries)
        {
            Entries = entries;
            Elements = [.. entries.Select(XElement.Parse)];
            KeyIds = Elements
                .Select(element => Guid.TryParse((string?)element.Attribute("id"), out var id) ? id : Guid.Empty)
                .Where(id => id != Guid.Empty)
                .ToImmutableHashSet();
        }

        public IReadOnlyList<string> Entries { get; }

        public IReadOnlyCollection<XElement> Elements { get; }

        public IReadOnlySet<Guid> KeyIds { get; }

        public bool SameEntries(Snapshot other) => Entries.SequenceEqual(other.Entries, StringComparer.Ordinal);
    }
}
