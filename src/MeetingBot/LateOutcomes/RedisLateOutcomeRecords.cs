using System.Collections.Concurrent;
using System.Globalization;
using MeetingBot.Conversation;
using MeetingBot.State.Redis;
using MeetingBot.State.Redis.DataProtection;
using Microsoft.AspNetCore.DataProtection;
using StackExchange.Redis;

namespace MeetingBot.LateOutcomes;

/// <summary>A record whose replica died, claimed by this one, with the outcome if the dead replica had recorded it.</summary>
public sealed record OrphanedLateOutcome(LateOutcomeRecord Record, BotReply? Outcome);

/// <summary>
/// Late-outcome records in Redis, shared by every replica. A record is a hash (channel, meeting, culture, owner, lease,
/// and the address and, once known, the outcome, both encrypted with ASP.NET Core Data Protection: a Slack
/// <c>response_url</c> is a capability), and its lease expiry is also kept in a sorted set, so a sweep finds expired
/// leases without reading records. Records are spread over <see cref="LeaseShards"/> shards by their id: a shard is one
/// hash slot (<c>{late-&lt;shard&gt;}</c>) holding its records and their leases set, <see cref="RecordKey"/> and
/// <see cref="LeasesKey"/>, so that opening, claiming and closing a record each touch one slot and stay atomic on a Redis
/// Cluster, while the records of many activations spread over its masters. The owner renews its leases
/// (<see cref="RenewAsync"/>); when a replica dies its leases run out, and another replica claims each record
/// atomically (<see cref="ClaimOrphansAsync"/>): only one replica delivers it. Every key has a TTL.
/// Redis failures are logged, never thrown, and waited for at most <see cref="OperationTimeout"/>: a record is a safety
/// net, and its loss must not cost a user the outcome or delay it much.
/// </summary>
/// <remarks>
/// Earlier versions kept records under <c>meetingbot:late:record:&lt;id&gt;</c> and their leases in one set,
/// <c>meetingbot:late:leases</c>: a version that uses these keys does not see those, which expire within 30 minutes. A
/// card whose replica, of the earlier version, died without delivering while the new version took over is not resolved.
/// </remarks>
public sealed class RedisLateOutcomeRecords(
    IConnectionMultiplexer redis,
    IDataProtectionProvider dataProtection,
    RedisKeyRingRepository sharedKeys,
    LateOutcomeCodec codec,
    TimeProvider time,
    ILogger<RedisLateOutcomeRecords> logger) : ILateOutcomeRecords
{
    public const string KeyPrefix = "meetingbot:late:";

    /// <summary>
    /// How many leases sets (and hash slots) the records are spread over. Every sweep reads each one (one command each,
    /// sent together); changing the number moves the records of activations in flight out of sight.
    /// </summary>
    public const int LeaseShards = 16;

    /// <summary>
    /// How long a record lives at most: past it the outcome is of no use (a Slack response_url expires after 30 minutes)
    /// and the card is long stale.
    /// </summary>
    public static readonly TimeSpan RecordLifetime = TimeSpan.FromMinutes(30);

    /// <summary>
    /// The longest a record operation may hold up a delivery while Redis is away. Commands time out sooner on their
    /// own (<see cref="RedisConnectionSettings"/>); this holds even when the connection string sets longer timeouts.
    /// </summary>
    public static readonly TimeSpan OperationTimeout = TimeSpan.FromSeconds(5);

    // Renews one record's lease (the expiry, Unix ms) where this replica (owner) still owns it, and keeps the leases set
    // alive for a record's lifetime (ms). Returns 1, or 0 when the record is no longer its own (closed, expired, claimed).
    private static readonly LuaScript RenewScript = LuaScript.Prepare("""
        if redis.call('HGET', @record, 'owner') ~= @owner then return 0 end
        redis.call('HSET', @record, 'lease', @lease)
        redis.call('ZADD', @leases, @lease, @id)
        redis.call('PEXPIRE', @leases, @lifetime)
        return 1
        """);

    // Takes a record whose lease ran out by now (Unix ms), atomically: the first replica to run this for the record wins
    // it, as its new owner with a new lease. Returns the record's fields, or nil when its lease has not run out or the
    // record is gone (then its lease is dropped too).
    private static readonly LuaScript ClaimScript = LuaScript.Prepare("""
        local expires = redis.call('ZSCORE', @leases, @id)
        if not expires or tonumber(expires) > tonumber(@now) then
          return false
        end
        if redis.call('EXISTS', @record) == 0 then
          redis.call('ZREM', @leases, @id)
          return false
        end
        redis.call('HSET', @record, 'owner', @owner, 'lease', @lease)
        redis.call('ZADD', @leases, @lease, @id)
        return redis.call('HGETALL', @record)
        """);

    // Keeps the outcome (encrypted) in the record, if the record is still there.
    private static readonly LuaScript RecordOutcomeScript = LuaScript.Prepare("""
        if redis.call('EXISTS', @record) == 1 then
          redis.call('HSET', @record, 'outcome', @outcome)
        end
        """);

    private readonly SharedKeyProtector _protector = new(dataProtection.CreateProtector("MeetingBot.State.LateOutcomes.v1"), sharedKeys);
    private readonly ConcurrentDictionary<string, bool> _owned = new();

    /// <summary>This replica, as the owner named in its records (process-unique: a restarted replica is another owner).</summary>
    public string ReplicaId { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>The records this replica is delivering (its own, and those it claimed).</summary>
    public IReadOnlyCollection<string> Owned => [.. _owned.Keys];

    public async Task OpenAsync(LateOutcomeRecord record, CancellationToken cancellationToken)
    {
        _owned[record.Id] = true;
        if (await _protector.ProtectAsync(codec.Address(record.Id, record.Address)) is not { } sealedAddress)
        {
            logger.LogWarning("Not recording late outcome {RecordId} in Redis: no Data Protection key Redis holds could encrypt its address", record.Id);
            return;
        }

        var lease = LeaseExpiry();
        var transaction = redis.GetDatabase().CreateTransaction();
        _ = transaction.HashSetAsync(RecordKey(record.Id),
        [
            new("channel", record.ChannelId),
            new("meeting", record.MeetingId),
            new("started", record.StartedAt.ToUnixTimeMilliseconds()),
            new("culture", record.Address.Culture),
            new("owner", ReplicaId),
            new("lease", lease),
            new("address", sealedAddress),
        ]);
        _ = transaction.KeyExpireAsync(RecordKey(record.Id), RecordLifetime);
        _ = transaction.SortedSetAddAsync(LeasesKey(record.Id), record.Id, lease);
        _ = transaction.KeyExpireAsync(LeasesKey(record.Id), RecordLifetime);
        await RedisSafelyAsync(() => transaction.ExecuteAsync(), "open", record.Id);
    }

    public async Task RecordOutcomeAsync(string id, BotReply outcome, CancellationToken cancellationToken)
    {
        if (LateOutcomeCodec.Outcome(id, outcome) is not { } payload || await _protector.ProtectAsync(payload) is not { } sealedOutcome)
        {
            return;
        }

        await RedisSafelyAsync(
            () => RecordOutcomeScript.EvaluateAsync(redis.GetDatabase(), new { record = RecordKey(id), outcome = sealedOutcome }),
            "record the outcome of",
            id);
    }

    public async Task CloseAsync(string id, CancellationToken cancellationToken)
    {
        _owned.TryRemove(id, out _);
        var transaction = redis.GetDatabase().CreateTransaction();
        _ = transaction.KeyDeleteAsync(RecordKey(id));
        _ = transaction.SortedSetRemoveAsync(LeasesKey(id), id);
        await RedisSafelyAsync(() => transaction.ExecuteAsync(), "close", id);
    }

    /// <summary>The heartbeat: extends the lease of every record this replica still owns (one script each, sent together).</summary>
    public async Task RenewAsync()
    {
        var database = redis.GetDatabase();
        var lease = LeaseExpiry();
        await Task.WhenAll(Owned.Select(async id =>
        {
            var renewed = await RedisSafelyAsync(
                () => RenewScript.EvaluateAsync(database, new
                {
                    record = RecordKey(id),
                    leases = LeasesKey(id),
                    id,
                    owner = ReplicaId,
                    lease,
                    lifetime = (long)RecordLifetime.TotalMilliseconds,
                }),
                "renew the lease of",
                id);
            if (renewed is not null && (int)renewed == 0 && _owned.TryRemove(id, out _))
            {
                logger.LogWarning("Late outcome record {RecordId} is no longer this replica's (claimed by another after its lease ran out, or expired)", id);
            }
        }));
    }

    /// <summary>Claims up to <paramref name="limit"/> records whose owner stopped renewing their leases.</summary>
    public async Task<IReadOnlyList<OrphanedLateOutcome>> ClaimOrphansAsync(int limit)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var database = redis.GetDatabase();
        var expired = await Task.WhenAll(Enumerable.Range(0, LeaseShards).Select(shard => RedisSafelyAsync(
            () => database.SortedSetRangeByScoreAsync(AllLeasesKeys[shard], double.NegativeInfinity, now, take: limit),
            "look for expired leases among",
            $"the records of shard {shard}")));
        var candidates = expired
            .SelectMany(ids => ids ?? [])
            .Select(value => value.ToString())
            .Where(id => !_owned.ContainsKey(id))
            .Take(limit);
        var claimed = new List<OrphanedLateOutcome>();
        foreach (var id in candidates)
        {
            var fields = await RedisSafelyAsync(
                () => ClaimScript.EvaluateAsync(database, new
                {
                    record = RecordKey(id),
                    leases = LeasesKey(id),
                    id,
                    owner = ReplicaId,
                    now,
                    lease = LeaseExpiry(),
                }),
                "claim",
                id);
            if (fields is null || fields.IsNull)
            {
                continue;
            }

            _owned[id] = true;
            if (await ReadAsync(id, fields) is { } orphan)
            {
                claimed.Add(orphan);
            }
            else
            {
                // Without its address nobody can deliver it (Data Protection keys lost, or a tampered value).
                logger.LogWarning("Late outcome record {RecordId} cannot be read; dropping it", id);
                await CloseAsync(id, CancellationToken.None);
            }
        }

        return claimed;
    }

    private async Task<OrphanedLateOutcome?> ReadAsync(string id, RedisResult fields)
    {
        var hash = ((RedisResult[])fields!)
            .Chunk(2)
            .ToDictionary(pair => pair[0].ToString(), pair => (RedisValue)pair[1], StringComparer.Ordinal);
        try
        {
            if (!hash.TryGetValue("address", out var sealedAddress)
                || await _protector.UnprotectAsync((byte[])sealedAddress!) is not { } plainAddress
                || codec.ReadAddress(id, plainAddress) is not { } address)
            {
                return null;
            }

            var outcome = hash.TryGetValue("outcome", out var sealedOutcome) && await _protector.UnprotectAsync((byte[])sealedOutcome!) is { } plainOutcome
                ? LateOutcomeCodec.ReadOutcome(id, plainOutcome)
                : null;
            var started = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(hash["started"].ToString(), CultureInfo.InvariantCulture));
            return new OrphanedLateOutcome(new LateOutcomeRecord(id, hash["channel"].ToString(), hash["meeting"].ToString(), started, address), outcome);
        }
        catch (Exception e) when (e is InvalidOperationException or System.Text.Json.JsonException or Newtonsoft.Json.JsonException or KeyNotFoundException or FormatException)
        {
            logger.LogWarning(e, "Late outcome record {RecordId} is unreadable", id);
            return null;
        }
    }

    private long LeaseExpiry() => (time.GetUtcNow() + LateOutcomeLease.Duration).ToUnixTimeMilliseconds();

    /// <summary>The record's hash, in its shard's slot.</summary>
    public static RedisKey RecordKey(string id) => ShardKey(ShardOf(id), "record:" + id);

    /// <summary>Every shard's sorted set of lease expiries.</summary>
    public static IReadOnlyList<RedisKey> AllLeasesKeys { get; } = [.. Enumerable.Range(0, LeaseShards).Select(shard => ShardKey(shard, "leases"))];

    /// <summary>The sorted set of lease expiries of the record's shard.</summary>
    public static RedisKey LeasesKey(string id) => ShardKey(ShardOf(id), "leases");

    private static RedisKey ShardKey(int shard, string name) => $"{KeyPrefix}{HashTag.Of($"late-{shard}")}:{name}";

    /// <summary>The record's shard: FNV-1a of its id, the same on every replica (string.GetHashCode differs per process).</summary>
    private static int ShardOf(string id)
    {
        var hash = 2166136261u;
        foreach (var character in id)
        {
            hash = (hash ^ character) * 16777619u;
        }

        return (int)(hash % LeaseShards);
    }

    private async Task<T?> RedisSafelyAsync<T>(Func<Task<T>> operation, string what, string subject)
    {
        try
        {
            return await operation().WaitAsync(OperationTimeout, time);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogWarning(e, "Could not {What} late outcome record {RecordId} in Redis", what, subject);
            return default;
        }
    }
}
