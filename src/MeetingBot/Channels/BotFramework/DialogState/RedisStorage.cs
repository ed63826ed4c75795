using MeetingBot.State;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace MeetingBot.Channels.BotFramework.DialogState;

/// <summary>
/// Bot Framework state in Redis, shared by every replica. The items of one conversation (<see cref="StateKeys"/>: its own
/// state and its users' state in it) live in one hash, <see cref="KeyPrefix"/> and the conversation's key, each item as
/// two fields, <c>doc</c> (the JSON document) and <c>etag</c> (its ETag), followed by the item's part of the key (nothing
/// for the conversation itself, <c>#users/&lt;id&gt;</c> for a user). Items of keys that name no conversation share the
/// hash <see cref="OtherItemsKey"/> (the bot writes none). So whatever a turn reads or writes is one key, and one hash
/// slot on a Redis Cluster. A read is one command; a write is one Lua script that checks every ETag of the batch and then
/// writes all of it, or nothing when one is stale, so a stale write from another replica is refused, never lost
/// silently, and never half done. The hash expires <see cref="StateOptions.IdleExpiry"/> after its last write.
/// A batch that spans two conversations is refused before anything is written: no single command could write it whole
/// on a cluster.
/// </summary>
/// <remarks>
/// The conversation's own fields are those an item had when each item was a hash of its own, so conversation state
/// written by earlier versions is still read. User state was kept per user (<c>meetingbot:state:&lt;channel&gt;/users/&lt;id&gt;</c>);
/// those hashes are no longer read and expire with their idle expiry: a user's last meeting ID is forgotten once.
/// </remarks>
public sealed class RedisStorage(IConnectionMultiplexer redis, IOptions<StateOptions> options, StateTypes types) : IStorage
{
    public const string KeyPrefix = "meetingbot:state:";

    /// <summary>The hash of the items whose keys name no conversation (no conversation key holds "other" alone).</summary>
    public const string OtherItemsKey = KeyPrefix + "other";

    private const string DocumentField = "doc";
    private const string ETagField = "etag";

    // Writes a batch of one hash (KEYS[1]) whole or not at all. ARGV[1]: expiry (ms); then five arguments per change:
    // item, action ('check': compare the ETag first, '*' for any; 'write'; 'delete'), expected ETag, new ETag, document.
    // Returns 0, or the 1-based index of the first stale change (then nothing was written). The documents are plain
    // arguments, not a JSON list for the script to decode: Redis copies them as they are.
    private const string CompareAndSetScript = """
        local state = KEYS[1]
        for i = 2, #ARGV, 5 do
          if ARGV[i + 1] == 'check' and ARGV[i + 2] ~= '*' then
            local stored = redis.call('HGET', state, 'etag' .. ARGV[i])
            if stored and stored ~= '' and stored ~= ARGV[i + 2] then return (i + 3) / 5 end
          end
        end
        for i = 2, #ARGV, 5 do
          if ARGV[i + 1] == 'delete' then
            redis.call('HDEL', state, 'etag' .. ARGV[i], 'doc' .. ARGV[i])
          else
            redis.call('HSET', state, 'etag' .. ARGV[i], ARGV[i + 3], 'doc' .. ARGV[i], ARGV[i + 4])
          end
        end
        if redis.call('EXISTS', state) == 1 then redis.call('PEXPIRE', state, ARGV[1]) end
        return 0
        """;

    private readonly StateDocument _documents = new(types);
    private readonly long _idleExpiryMilliseconds = (long)options.Value.IdleExpiry.TotalMilliseconds;

    /// <summary>Where an item lives: its hash, and the suffix of its two fields.</summary>
    public readonly record struct Location(RedisKey Hash, string Item)
    {
        public RedisValue DocumentField => RedisStorage.DocumentField + Item;

        public RedisValue ETagField => RedisStorage.ETagField + Item;
    }

    public static Location LocationOf(string key) => StateKeys.ConversationOf(key) is { } conversation
        ? new Location(KeyPrefix + conversation, key[conversation.Length..])
        : new Location(OtherItemsKey, StateKeys.ItemSeparator + key);

    public async Task<IDictionary<string, object>> ReadAsync(string[] keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var database = redis.GetDatabase();
        var reads = keys
            .Select(key => (Key: key, Location: LocationOf(key)))
            .GroupBy(item => item.Location.Hash)
            .Select(async hash =>
            {
                var items = hash.ToArray();
                var documents = await database.HashGetAsync(hash.Key, [.. items.Select(item => item.Location.DocumentField)]);
                return items.Zip(documents, (item, document) => (item.Key, Document: document));
            });

        var found = new Dictionary<string, object>(keys.Length);
        foreach (var (key, document) in (await Task.WhenAll(reads)).SelectMany(read => read))
        {
            if (document.HasValue)
            {
                found[key] = _documents.Read(document.ToString());
            }
        }

        return found;
    }

    public async Task WriteAsync(IDictionary<string, object> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count == 0)
        {
            return;
        }

        var hashes = changes.Keys.Select(key => LocationOf(key).Hash).Distinct().ToArray();
        if (hashes.Length > 1)
        {
            throw new InvalidOperationException(
                $"A state write must stay within one conversation, to be written whole or not at all; this one spans {hashes.Length}.");
        }

        var arguments = new RedisValue[1 + (changes.Count * 5)];
        arguments[0] = _idleExpiryMilliseconds;
        var next = 1;
        foreach (var change in changes)
        {
            arguments[next++] = LocationOf(change.Key).Item;
            if (change.Value is null)
            {
                arguments[next++] = "delete";
                arguments[next++] = string.Empty;
                arguments[next++] = string.Empty;
                arguments[next++] = string.Empty;
                continue;
            }

            var write = _documents.ForWrite(change.Value);
            arguments[next++] = write.ChecksETag ? "check" : "write";
            arguments[next++] = write.ExpectedETag ?? string.Empty;
            arguments[next++] = write.NewETag;
            arguments[next++] = write.Json;
        }

        var stale = (int)await redis.GetDatabase().ScriptEvaluateAsync(CompareAndSetScript, [hashes[0]], arguments);
        if (stale > 0)
        {
            throw StateDocument.Conflict(changes.Keys.ElementAt(stale - 1));
        }
    }

    public async Task DeleteAsync(string[] keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var database = redis.GetDatabase();
        await Task.WhenAll(keys
            .Select(LocationOf)
            .GroupBy(location => location.Hash)
            .Select(hash => database.HashDeleteAsync(hash.Key, [.. hash.SelectMany(item => new[] { item.DocumentField, item.ETagField })])));
    }
}
