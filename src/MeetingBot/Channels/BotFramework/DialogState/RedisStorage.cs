using System.Text.Encodings.Web;
using System.Text.Json;
using MeetingBot.State;
using MeetingBot.State.Redis;
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
/// When the hash's master has replicas (<see cref="ReplicaAcknowledgement"/>), a write counts only once a replica has it:
/// the script returns what it replaced, <c>WAIT</c> follows, and when no replica acknowledges in time the write is undone
/// (unless another turn wrote over it since) and refused with <see cref="WriteNotReplicatedException"/>. So a form's one
/// use the dialog acts on (calls Huawei) is never lost by a failover: either a replica had it, or the turn did not act.
/// </summary>
/// <remarks>
/// The conversation's own fields are those an item had when each item was a hash of its own, so conversation state
/// written by earlier versions is still read. User state was kept per user (<c>meetingbot:state:&lt;channel&gt;/users/&lt;id&gt;</c>);
/// those hashes are no longer read and expire with their idle expiry: a user's last meeting ID is forgotten once.
/// </remarks>
public sealed class RedisStorage(IConnectionMultiplexer redis, IOptions<StateOptions> options, StateTypes types, ReplicaAcknowledgement? replicas = null) : IStorage
{
    public const string KeyPrefix = "meetingbot:state:";

    /// <summary>The hash of the items whose keys name no conversation (no conversation key holds "other" alone).</summary>
    public const string OtherItemsKey = KeyPrefix + "other";

    private const string DocumentField = "doc";
    private const string ETagField = "etag";

    // Writes a batch of one hash (state) whole or not at all. changes: a JSON list of [item, action, expected ETag, new
    // ETag, document], action being 'check' (compare the ETag first, '*' for any), 'write' or 'delete'; expiry (ms).
    // Returns 0, or the 1-based index of the first stale change (then nothing was written). With keep = 1, a write
    // returns instead what it replaced, as JSON: a list of [item, ETag or false, document or false].
    private static readonly LuaScript CompareAndSetScript = LuaScript.Prepare("""
        local changes = cjson.decode(@changes)
        for i, change in ipairs(changes) do
          if change[2] == 'check' and change[3] ~= '*' then
            local stored = redis.call('HGET', @state, 'etag' .. change[1])
            if stored and stored ~= '' and stored ~= change[3] then return i end
          end
        end
        local replaced = {}
        for _, change in ipairs(changes) do
          if @keep == '1' then
            replaced[#replaced + 1] = { change[1], redis.call('HGET', @state, 'etag' .. change[1]), redis.call('HGET', @state, 'doc' .. change[1]) }
          end
          if change[2] == 'delete' then
            redis.call('HDEL', @state, 'etag' .. change[1], 'doc' .. change[1])
          else
            redis.call('HSET', @state, 'etag' .. change[1], change[4], 'doc' .. change[1], change[5])
          end
        end
        if redis.call('EXISTS', @state) == 1 then redis.call('PEXPIRE', @state, @expiry) end
        if @keep == '1' then return cjson.encode(replaced) end
        return 0
        """);

    // Undoes a write no replica acknowledged: puts back what it replaced (replaced, as the write returned it), but only
    // if every item still has the ETag that write gave it (written: a list of those, '' for a deleted item), i.e. no
    // other turn wrote over it since. Returns 1 when undone.
    private static readonly LuaScript UndoScript = LuaScript.Prepare("""
        local replaced = cjson.decode(@replaced)
        local written = cjson.decode(@written)
        for i, item in ipairs(replaced) do
          if (redis.call('HGET', @state, 'etag' .. item[1]) or '') ~= written[i] then return 0 end
        end
        for _, item in ipairs(replaced) do
          if item[3] then
            redis.call('HSET', @state, 'etag' .. item[1], item[2] or '', 'doc' .. item[1], item[3])
          else
            redis.call('HDEL', @state, 'etag' .. item[1], 'doc' .. item[1])
          end
        end
        if redis.call('EXISTS', @state) == 1 then redis.call('PEXPIRE', @state, @expiry) end
        return 1
        """);

    // Documents go to the script as they are (only quotes, backslashes and control characters escaped).
    private static readonly JsonSerializerOptions ChangesFormat = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

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

        var batch = changes.Select(change =>
        {
            var item = LocationOf(change.Key).Item;
            if (change.Value is null)
            {
                return new[] { item, "delete", string.Empty, string.Empty, string.Empty };
            }

            var write = _documents.ForWrite(change.Value);
            return [item, write.ChecksETag ? "check" : "write", write.ExpectedETag ?? string.Empty, write.NewETag, write.Json];
        }).ToList();

        var database = redis.GetDatabase();
        var master = replicas?.MasterWithReplicasOf(database, hashes[0]);
        var result = await CompareAndSetScript.EvaluateAsync(database, new
        {
            state = hashes[0],
            changes = JsonSerializer.Serialize(batch, ChangesFormat),
            expiry = _idleExpiryMilliseconds,
            keep = master is null ? 0 : 1,
        });
        if (result.Resp2Type == ResultType.Integer)
        {
            var stale = (int)result;
            if (stale > 0)
            {
                throw StateDocument.Conflict(changes.Keys.ElementAt(stale - 1));
            }

            return;
        }

        if (await replicas!.AcknowledgedAsync(master!))
        {
            return;
        }

        await UndoAsync(database, hashes[0], replaced: result.ToString(), written: batch.Select(change => change[1] == "delete" ? string.Empty : change[3]));
        throw new WriteNotReplicatedException($"No replica of {master} acknowledged a state write within {ReplicaAcknowledgement.Timeout.TotalMilliseconds} ms; it was not recorded.");
    }

    /// <summary>Best effort: when the undo cannot run either, the write stays (a form used, not acted on: never twice).</summary>
    private async Task UndoAsync(IDatabase database, RedisKey state, string replaced, IEnumerable<string> written)
    {
        try
        {
            await UndoScript.EvaluateAsync(database, new
            {
                state,
                replaced,
                written = JsonSerializer.Serialize(written, ChangesFormat),
                expiry = _idleExpiryMilliseconds,
            });
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // The turn answers "try again" anyway.
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
