using System.Collections.Concurrent;
using System.Globalization;
using MeetingBot.Conversation;
using MeetingBot.State.Redis.DataProtection;
using Microsoft.AspNetCore.DataProtection;
using StackExchange.Redis;

namespace MeetingBot.LateOutcomes;

/// <summary>A record whose replica died, claimed by this one, with the outcome if the dead replica had recorded it.</summary>
public sealed record OrphanedLateOutcome(LateOutcomeRecord Record, BotReply? Outcome);

/// <summary>
/// Late-outcome records in Redis, shared by every replica. A record is a hash (channel, meeting, culture, owner, lease,
/// and the address and, once known, the outcome, both encrypted with ASP.NET Core Data Protection: a Slack
/// <c>response_url</c> is a capability) under <see cref="RecordKeyPrefix"/>, and its lease expiry in one sorted set
/// (<see cref="LeasesKey"/>), so a sweep finds expired leases in one query. The owner renews its leases
/// (<see cref="RenewAsync"/>); when a replica dies its leases run out, and another replica claims each record
/// atomically (<see cref="ClaimOrphansAsync"/>): only one replica delivers it. Every key has a TTL.
/// Redis failures are logged, never thrown, and waited for at most <see cref="OperationTimeout"/>: a record is a safety
/// net, and its loss must not cost a user the outcome or delay it much.
/// </summary>
public sealed class RedisLateOutcomeRecords(
    IConnectionMultiplexer redis,
    IDataProtectionProvider dataProtection,
    RedisKeyRingRepository sharedKeys,
    LateOutcomeCodec codec,
    TimeProvider time,
    ILogger<RedisLateOutcomeRecords> logger) : ILateOutcomeRecords
{
    public const string RecordKeyPrefix = "meetingbot:late:record:";
    public const string LeasesKey = "meetingbot:late:leases";

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

    // Renews this replica's leases where it still owns them; returns the ids it no longer owns (closed or claimed).
    private const string RenewScript = """
        local lost = {}
        for i = 4, #ARGV do
          local record = KEYS[1] .. ARGV[i]
          if redis.call('HGET', record, 'owner') == ARGV[1] then
            redis.call('HSET', record, 'lease', ARGV[2])
            redis.call('ZADD', KEYS[2], ARGV[2], ARGV[i])
          else
            table.insert(lost, ARGV[i])
          end
        end
        redis.call('PEXPIRE', KEYS[2], ARGV[3])
        return lost
        """;

    // Takes a record whose lease ran out, atomically: the first replica to run this for the record wins it.
    private const string ClaimScript = """
        local lease = redis.call('ZSCORE', KEYS[2], ARGV[1])
        if not lease or tonumber(lease) > tonumber(ARGV[3]) then
          return false
        end
        if redis.call('EXISTS', KEYS[1]) == 0 then
          redis.call('ZREM', KEYS[2], ARGV[1])
          return false
        end
        redis.call('HSET', KEYS[1], 'owner', ARGV[2], 'lease', ARGV[4])
        redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1])
        return redis.call('HGETALL', KEYS[1])
        """;

    private const string RecordOutcomeScript = """
        if redis.call('EXISTS', KEYS[1]) == 1 then
          redis.call('HSET', KEYS[1], 'outcome', ARGV[1])
        end
        """;

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
        _ = transaction.SortedSetAddAsync(LeasesKey, record.Id, lease);
        _ = transaction.KeyExpireAsync(LeasesKey, RecordLifetime);
        await RedisSafelyAsync(() => transaction.ExecuteAsync(), "open", record.Id);
    }

    public async Task RecordOutcomeAsync(string id, BotReply outcome, CancellationToken cancellationToken)
    {
        if (LateOutcomeCodec.Outcome(id, outcome) is not { } payload || await _protector.ProtectAsync(payload) is not { } sealedOutcome)
        {
            return;
        }

        await RedisSafelyAsync(
            () => redis.GetDatabase().ScriptEvaluateAsync(RecordOutcomeScript, [RecordKey(id)], [sealedOutcome]),
            "record the outcome of",
            id);
    }

    public async Task CloseAsync(string id, CancellationToken cancellationToken)
    {
        _owned.TryRemove(id, out _);
        var transaction = redis.GetDatabase().CreateTransaction();
        _ = transaction.KeyDeleteAsync(RecordKey(id));
        _ = transaction.SortedSetRemoveAsync(LeasesKey, id);
        await RedisSafelyAsync(() => transaction.ExecuteAsync(), "close", id);
    }

    /// <summary>The heartbeat: extends the lease of every record this replica still owns.</summary>
    public async Task RenewAsync()
    {
        var owned = Owned;
        if (owned.Count == 0)
        {
            return;
        }

        var lost = await RedisSafelyAsync(
            () => redis.GetDatabase().ScriptEvaluateAsync(
                RenewScript,
                [RecordKeyPrefix, LeasesKey],
                [ReplicaId, LeaseExpiry(), (long)RecordLifetime.TotalMilliseconds, .. owned.Select(id => (RedisValue)id)]),
            "renew the leases of",
            $"{owned.Count} records");
        foreach (var id in lost is null ? [] : (string[])lost!)
        {
            if (_owned.TryRemove(id, out _))
            {
                logger.LogWarning("Late outcome record {RecordId} is no longer this replica's (claimed by another after its lease ran out, or expired)", id);
            }
        }
    }

    /// <summary>Claims up to <paramref name="limit"/> records whose owner stopped renewing their leases.</summary>
    public async Task<IReadOnlyList<OrphanedLateOutcome>> ClaimOrphansAsync(int limit)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var database = redis.GetDatabase();
        var expired = await RedisSafelyAsync(
            () => database.SortedSetRangeByScoreAsync(LeasesKey, double.NegativeInfinity, now, take: limit),
            "look for expired leases among",
            "all records");
        var claimed = new List<OrphanedLateOutcome>();
        foreach (var id in (expired ?? []).Select(value => value.ToString()).Where(id => !_owned.ContainsKey(id)))
        {
            var fields = await RedisSafelyAsync(
                () => database.ScriptEvaluateAsync(ClaimScript, [RecordKey(id), LeasesKey], [id, ReplicaId, now, LeaseExpiry()]),
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

    private static RedisKey RecordKey(string id) => RecordKeyPrefix + id;

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
