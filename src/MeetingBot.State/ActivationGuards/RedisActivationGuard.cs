using MeetingBot.Meetings.Activation;
using MeetingBot.Meetings.Protection;
using MeetingBot.Meetings;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace MeetingBot.State.ActivationGuards;

/// <summary>
/// <see cref="IActivationGuard"/> shared by every replica through Redis, with the in-process guard's rules: five wrong
/// passwords on one replica lock the user out on all of them; the attempts per minute and the one-at-a-time turn are the
/// user's, wherever the turns land. Two Lua scripts carry an uncontended activation (two round trips): one checks the
/// lockout, takes an attempt and takes the turn (or a place in the queue); one records the verdict and gives the turn back.
/// A queued attempt asks again every few milliseconds until it is first in line and the turn is free. The turn is a
/// lease that lapses <see cref="LeaseMargin"/> after the activation's deadline, so a replica that dies holding it blocks
/// nobody for long; a place in the queue lapses as late (a live waiter leaves it at its deadline).
/// Keys, per user (one hash slot: <c>{user key}</c>): <c>failures</c> and <c>failures:&lt;meeting&gt;</c> (sorted sets of
/// failure times, expiring with the failure window), <c>attempts</c> (the token bucket, expiring when full again),
/// <c>turn</c> and <c>queue</c>.
/// </summary>
public sealed class RedisActivationGuard(
    IConnectionMultiplexer redis,
    IOptions<ProtectionOptions> protection,
    IOptions<HuaweiMeetingOptions> huawei,
    TimeProvider time,
    ILogger<RedisActivationGuard> logger) : IActivationGuard
{
    private readonly IConnectionMultiplexer _redis = redis;
    private readonly IOptions<ProtectionOptions> _protection = protection;
    private readonly IOptions<HuaweiMeetingOptions> _huawei = huawei;
    private readonly TimeProvider _time = time;
    private readonly ILogger<RedisActivationGuard> _logger = logger;

    public const string KeyPrefix = "meetingbot:guard:";

    /// <summary>How much longer than the activation's deadline a turn is held at most.</summary>
    public static readonly TimeSpan LeaseMargin = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan LongestPoll = TimeSpan.FromMilliseconds(100);

    // Shared by the three scripts. KEYS: failures for the meeting, failures for the user, attempts, turn, queue.
    // ARGV[1] now (ms), ARGV[2] failure window (ms), ARGV[3] most failures per meeting, ARGV[4] per user.
    private const string LockoutFunction = """
        local now = tonumber(ARGV[1])
        local window = tonumber(ARGV[2])
        local function locked_for(key, capacity)
          redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
          if redis.call('ZCARD', key) < capacity then return 0 end
          local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
          return tonumber(oldest[2]) + window - now
        end
        local function lockout()
          return math.max(locked_for(KEYS[1], tonumber(ARGV[3])), locked_for(KEYS[2], tonumber(ARGV[4])))
        end
        """;

    // ARGV[5] attempts per minute, ARGV[6] ms per attempt, ARGV[7] this attempt's id, ARGV[8] turn lease (ms),
    // ARGV[9] most waiting, ARGV[10] how long a place in the queue is kept (ms).
    private const string AdmitScript = LockoutFunction + "\n" + """
        local locked = lockout()
        if locked > 0 then return {'locked', locked} end
        local limit = tonumber(ARGV[5])
        local period = tonumber(ARGV[6])
        local bucket = redis.call('HMGET', KEYS[3], 'tokens', 'at')
        local tokens = tonumber(bucket[1]) or limit
        local at = tonumber(bucket[2]) or now
        local refill = math.floor((now - at) / period)
        if refill > 0 then
          tokens = math.min(limit, tokens + refill)
          at = at + refill * period
        end
        if tokens >= limit then at = now end
        if tokens < 1 then return {'attempts', at + period - now} end
        redis.call('HSET', KEYS[3], 'tokens', tokens - 1, 'at', at)
        redis.call('PEXPIRE', KEYS[3], limit * period)
        redis.call('ZREMRANGEBYSCORE', KEYS[5], '-inf', now - tonumber(ARGV[10]))
        local waiting = redis.call('ZCARD', KEYS[5])
        if waiting == 0 and redis.call('SET', KEYS[4], ARGV[7], 'NX', 'PX', ARGV[8]) then return {'turn', 0} end
        if waiting >= tonumber(ARGV[9]) then return {'busy', 0} end
        redis.call('ZADD', KEYS[5], now, ARGV[7])
        redis.call('PEXPIRE', KEYS[5], ARGV[10])
        return {'queued', 0}
        """;

    // Same ARGV as the admission. The turn goes to the first in line once it is free; the lockout is checked again then.
    private const string TakeTurnScript = LockoutFunction + "\n" + """
        redis.call('ZREMRANGEBYSCORE', KEYS[5], '-inf', now - tonumber(ARGV[10]))
        if not redis.call('ZSCORE', KEYS[5], ARGV[7]) then return {'gone', 0} end
        if redis.call('EXISTS', KEYS[4]) == 1 then return {'wait', 0} end
        if redis.call('ZRANGE', KEYS[5], 0, 0)[1] ~= ARGV[7] then return {'wait', 0} end
        redis.call('ZREM', KEYS[5], ARGV[7])
        local locked = lockout()
        if locked > 0 then return {'locked', locked} end
        redis.call('SET', KEYS[4], ARGV[7], 'PX', ARGV[8])
        return {'turn', 0}
        """;

    // ARGV[5] the verdict ('wrong', 'right' or ''), ARGV[7] the attempt's id. Failure logs keep the newest ARGV[3]/ARGV[4] times.
    private const string FinishScript = """
        local now = tonumber(ARGV[1])
        local function add_failure(key, capacity)
          redis.call('ZADD', key, now, ARGV[7])
          local count = redis.call('ZCARD', key)
          if count > capacity then redis.call('ZREMRANGEBYRANK', key, 0, count - capacity - 1) end
          redis.call('PEXPIRE', key, ARGV[2])
        end
        if ARGV[5] == 'wrong' then
          add_failure(KEYS[1], tonumber(ARGV[3]))
          add_failure(KEYS[2], tonumber(ARGV[4]))
        elseif ARGV[5] == 'right' then
          redis.call('DEL', KEYS[1])
        end
        if redis.call('GET', KEYS[4]) == ARGV[7] then redis.call('DEL', KEYS[4]) end
        return {'done', 0}
        """;

    private const string LeaveQueueScript = """
        redis.call('ZREM', KEYS[5], ARGV[7])
        return {'left', 0}
        """;

    public async ValueTask<Admission> AdmitAsync(ChatUser user, string meetingId, CancellationToken cancellationToken)
    {
        var attempt = new Attempt(this, user, meetingId);
        var (answer, milliseconds) = await attempt.RunAsync(AdmitScript, verdict: string.Empty);
        if (answer == "queued")
        {
            (answer, milliseconds) = await attempt.WaitForTurnAsync(cancellationToken);
            if (answer == "gone")
            {
                // Our place lapsed: only after our deadline, unless clocks disagree.
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        return answer switch
        {
            "turn" => Admission.Admitted(attempt),
            "locked" => Admission.Refused(ActivationOutcome.LockedOut, TimeSpan.FromMilliseconds(milliseconds)),
            "attempts" => Admission.Refused(ActivationOutcome.TooManyAttempts, TimeSpan.FromMilliseconds(milliseconds)),
            _ => Admission.Refused(ActivationOutcome.TooManyAtOnce, UserAttemptLimiter.BusyRetryAfter),
        };
    }

    /// <summary>The keys of one user (one hash slot), for tests and the key scan.</summary>
    public static string UserKeyPrefix(ChatUser user) => $"{KeyPrefix}{{{user.CacheKey}}}:";

    /// <summary>One attempt of one user at one meeting: its id names its turn and its place in the queue.</summary>
    private sealed class Attempt(RedisActivationGuard guard, ChatUser user, string meetingId) : ActivationTurn
    {
        private readonly string _id = Guid.NewGuid().ToString("N");
        private readonly RedisKey[] _keys = Keys(user, meetingId);
        private bool _finished;

        public async ValueTask<(string Answer, long Milliseconds)> WaitForTurnAsync(CancellationToken cancellationToken)
        {
            var pause = FirstPoll;
            try
            {
                while (true)
                {
                    await Task.Delay(pause, cancellationToken);
                    var (answer, milliseconds) = await RunAsync(TakeTurnScript, verdict: string.Empty);
                    if (answer != "wait")
                    {
                        return (answer, milliseconds);
                    }

                    pause = pause * 2 < LongestPoll ? pause * 2 : LongestPoll;
                }
            }
            catch (OperationCanceledException)
            {
                await RunAsync(LeaveQueueScript, verdict: string.Empty);
                throw;
            }
        }

        public override async ValueTask RecordAsync(GuessVerdict verdict)
        {
            _finished = true;
            await FinishAsync(verdict switch { GuessVerdict.Wrong => "wrong", GuessVerdict.Right => "right", _ => string.Empty });
        }

        public override async ValueTask DisposeAsync()
        {
            if (!_finished)
            {
                _finished = true;
                await FinishAsync(verdict: string.Empty);
            }
        }

        /// <summary>
        /// The activation already has its answer, which the user gets even when Redis is away now: the turn then lapses
        /// by itself and this verdict is not counted (logged).
        /// </summary>
        private async ValueTask FinishAsync(string verdict)
        {
            try
            {
                await RunAsync(FinishScript, verdict);
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                guard._logger.LogWarning(e, "Could not record the outcome of {UserKey}'s activation in Redis ({Verdict}); the turn lapses by itself",
                    user.CacheKey, verdict.Length == 0 ? "none" : verdict);
            }
        }

        public async ValueTask<(string Answer, long Milliseconds)> RunAsync(string script, string verdict)
        {
            var settings = guard._protection.Value;
            var deadline = guard._huawei.Value.ActivationTimeout;
            var result = (RedisResult[])(await guard._redis.GetDatabase().ScriptEvaluateAsync(script, _keys,
            [
                guard._time.GetUtcNow().ToUnixTimeMilliseconds(),
                (long)settings.FailureWindow.TotalMilliseconds,
                settings.MaxFailedAttempts,
                settings.MaxFailedAttemptsPerUser,
                script == FinishScript ? (RedisValue)verdict : settings.AttemptsPerMinute,
                Math.Max(1L, 60_000L / settings.AttemptsPerMinute),
                _id,
                (long)(deadline + LeaseMargin).TotalMilliseconds,
                settings.MaxQueuedAttemptsPerUser,
                (long)(deadline + LeaseMargin).TotalMilliseconds,
            ]))!;
            return ((string)result[0]!, (long)result[1]);
        }

        private static RedisKey[] Keys(ChatUser user, string meetingId)
        {
            var prefix = UserKeyPrefix(user);
            return
            [
                prefix + "failures:" + meetingId,
                prefix + "failures",
                prefix + "attempts",
                prefix + "turn",
                prefix + "queue",
            ];
        }
    }
}
