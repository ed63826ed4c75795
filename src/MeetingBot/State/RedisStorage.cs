using Microsoft.Bot.Builder;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace MeetingBot.State;

/// <summary>
/// Bot Framework state in Redis, shared by every replica: one hash per item (<c>doc</c>: the JSON document,
/// <c>etag</c>: its ETag), expiring <see cref="StateOptions.IdleExpiry"/> after its last write. The ETag check and the
/// write happen in one Lua script, so a stale write from another replica is refused, never lost silently.
/// </summary>
public sealed class RedisStorage(IConnectionMultiplexer redis, IOptions<StateOptions> options, StateTypes types) : IStorage
{
    public const string KeyPrefix = "meetingbot:state:";

    private const string DocumentField = "doc";
    private const string ETagField = "etag";

    // KEYS[1]: the item. ARGV: checks the ETag ('1'/'0'), the ETag expected, '*' for any; new ETag; document; expiry (ms).
    private const string CompareAndSetScript = """
        if ARGV[1] == '1' and ARGV[2] ~= '*' then
          local stored = redis.call('HGET', KEYS[1], 'etag')
          if stored and stored ~= '' and stored ~= ARGV[2] then return 0 end
        end
        redis.call('HSET', KEYS[1], 'etag', ARGV[3], 'doc', ARGV[4])
        redis.call('PEXPIRE', KEYS[1], ARGV[5])
        return 1
        """;

    private readonly StateDocument _documents = new(types);
    private readonly long _idleExpiryMilliseconds = (long)options.Value.IdleExpiry.TotalMilliseconds;

    public async Task<IDictionary<string, object>> ReadAsync(string[] keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var database = redis.GetDatabase();
        var documents = await Task.WhenAll(keys.Select(key => database.HashGetAsync(KeyPrefix + key, DocumentField)));

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
        var database = redis.GetDatabase();

        // One item after the other, as MemoryStorage does: a conflict stops the batch where it occurs.
        foreach (var (key, value) in changes)
        {
            if (value is null)
            {
                await database.KeyDeleteAsync(KeyPrefix + key);
                continue;
            }

            var write = _documents.ForWrite(value);
            var written = (int)await database.ScriptEvaluateAsync(
                CompareAndSetScript,
                [KeyPrefix + key],
                [write.ChecksETag ? "1" : "0", write.ExpectedETag ?? string.Empty, write.NewETag, write.Json, _idleExpiryMilliseconds]);
            if (written == 0)
            {
                throw StateDocument.Conflict(key);
            }
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
}
