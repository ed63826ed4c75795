using MeetingBot.State;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace MeetingBot.Channels.BotFramework.DialogState;

/// <summary>
/// Bot Framework state in Redis, shared by every replica: one hash per item (<c>doc</c>: the JSON document,
/// <c>etag</c>: its ETag), expiring <see cref="StateOptions.IdleExpiry"/> after its last write. A read of several items
/// is one command, and so is a write: one Lua script checks every ETag of the batch and then writes all of it, or
/// nothing when one is stale, so a stale write from another replica is refused, never lost silently, and never half done.
/// </summary>
public sealed class RedisStorage(IConnectionMultiplexer redis, IOptions<StateOptions> options, StateTypes types) : IStorage
{
    public const string KeyPrefix = "meetingbot:state:";

    private const string DocumentField = "doc";

    // KEYS: the items. Returns each item's document, or nil.
    private const string ReadScript = """
        local documents = {}
        for i, key in ipairs(KEYS) do
          documents[i] = redis.call('HGET', key, 'doc')
        end
        return documents
        """;

    // KEYS: the items. ARGV[1]: expiry (ms); then four per item: what to do ('check': compare the ETag first, 'write',
    // 'delete'), the ETag expected ('*' for any), the new ETag, the document. Returns 0, or the 1-based index of the
    // first stale item (then nothing was written).
    private const string CompareAndSetScript = """
        for i, key in ipairs(KEYS) do
          local at = 2 + (i - 1) * 4
          if ARGV[at] == 'check' and ARGV[at + 1] ~= '*' then
            local stored = redis.call('HGET', key, 'etag')
            if stored and stored ~= '' and stored ~= ARGV[at + 1] then return i end
          end
        end
        for i, key in ipairs(KEYS) do
          local at = 2 + (i - 1) * 4
          if ARGV[at] == 'delete' then
            redis.call('DEL', key)
          else
            redis.call('HSET', key, 'etag', ARGV[at + 2], 'doc', ARGV[at + 3])
            redis.call('PEXPIRE', key, ARGV[1])
          end
        end
        return 0
        """;

    private readonly StateDocument _documents = new(types);
    private readonly long _idleExpiryMilliseconds = (long)options.Value.IdleExpiry.TotalMilliseconds;

    public async Task<IDictionary<string, object>> ReadAsync(string[] keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var documents = await ReadDocumentsAsync(redis.GetDatabase(), keys);

        var found = new Dictionary<string, object>(keys.Length);
        for (var i = 0; i < keys.Length; i++)
        {
            if (documents[i].HasValue)
            {
                found[keys[i]] = _documents.Read(documents[i].ToString());
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

        var keys = new RedisKey[changes.Count];
        var arguments = new RedisValue[1 + (changes.Count * 4)];
        arguments[0] = _idleExpiryMilliseconds;
        var i = 0;
        foreach (var (key, value) in changes)
        {
            keys[i] = KeyPrefix + key;
            var at = 1 + (i * 4);
            if (value is null)
            {
                (arguments[at], arguments[at + 1], arguments[at + 2], arguments[at + 3]) = ("delete", string.Empty, string.Empty, string.Empty);
            }
            else
            {
                var write = _documents.ForWrite(value);
                (arguments[at], arguments[at + 1], arguments[at + 2], arguments[at + 3]) =
                    (write.ChecksETag ? "check" : "write", write.ExpectedETag ?? string.Empty, write.NewETag, write.Json);
            }

            i++;
        }

        var stale = (int)await redis.GetDatabase().ScriptEvaluateAsync(CompareAndSetScript, keys, arguments);
        if (stale > 0)
        {
            throw StateDocument.Conflict(changes.Keys.ElementAt(stale - 1));
        }
    }

    public async Task DeleteAsync(string[] keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Length > 0)
        {
            await redis.GetDatabase().KeyDeleteAsync(keys.Select(key => (RedisKey)(KeyPrefix + key)).ToArray());
        }
    }

    private static async Task<RedisValue[]> ReadDocumentsAsync(IDatabase database, string[] keys)
    {
        if (keys.Length == 1)
        {
            return [await database.HashGetAsync(KeyPrefix + keys[0], DocumentField)];
        }

        if (keys.Length == 0)
        {
            return [];
        }

        var result = await database.ScriptEvaluateAsync(ReadScript, keys.Select(key => (RedisKey)(KeyPrefix + key)).ToArray());
        return (RedisValue[])result!;
    }
}
