using MeetingBot.Meetings.Activation;
using MeetingBot.Meetings.Protection;
using MeetingBot.Meetings;
using MeetingBot.State.Redis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace MeetingBot.State.ActivationGuards;

/// <summary>
/// <see cref="IActivationGuard"/> shared by every replica through Redis, with the in-process guard's rules: five wrong
/// passwords on one replica lock the user out on all of them; the attempts per minute and the one-at-a-time turn are the
/// user's, wherever the turns land. An uncontended activation makes two round trips: <see cref="AdmitScript"/> checks the
/// lockout, takes an attempt and takes the turn (or a place in the queue); <see cref="FinishScript"/> records the verdict
/// and gives the turn back. A queued attempt runs <see cref="TakeTurnScript"/> every few milliseconds until it is first
/// in line and the turn is free, or <see cref="LeaveQueueScript"/> when it gives up. The turn is a lease that lapses
/// <see cref="LeaseMargin"/> after the activation's deadline, so a replica that dies holding it blocks nobody for long;
/// a place in the queue lapses as late (a live waiter leaves it at its deadline).
/// Keys, per user, all in the user's hash slot (<see cref="UserKeyPrefix"/>: <c>meetingbot:guard:{user key}:</c>):
/// <c>failures</c> and <c>failures:&lt;meeting&gt;</c> (sorted sets of failure times, expiring with the failure window),
/// <c>attempts</c> (the token bucket, expiring when full again), <c>turn</c> and <c>queue</c>.
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

    // The lockout, shared by the admission and the turn taken from the queue: each failure log (a sorted set of failure
    // times) forgets what left the window; a full log locks the user out until its oldest failure leaves it.
    // Parameters: meetingFailures, userFailures (keys), now (Unix ms), window (ms), perMeeting, perUser (most failures).
    private const string LockoutFunction = """
        local function locked_for(failures, capacity)
          redis.call('ZREMRANGEBYSCORE', failures, '-inf', @now - @window)
          if redis.call('ZCARD', failures) < tonumber(capacity) then return 0 end
          local oldest = redis.call('ZRANGE', failures, 0, 0, 'WITHSCORES')
          return tonumber(oldest[2]) + @window - @now
        end
        local function lockout()
          return math.max(locked_for(@meetingFailures, @perMeeting), locked_for(@userFailures, @perUser))
        end
        """;

    // Admits an attempt: the lockout, then one of the user's attempts from the token bucket, then the turn or a place in
    // the queue. Parameters: the lockout's, and attempts, turn, queue (keys), perMinute (bucket size), period (ms per
    // attempt), attempt (this attempt's id), lease (ms a turn or a place in the queue is kept), mostWaiting.
    private static readonly LuaScript AdmitScript = LuaScript.Prepare(LockoutFunction + "\n" + """
        local locked = lockout()
        if locked > 0 then return {'locked', locked} end
        local now = tonumber(@now)
        local limit = tonumber(@perMinute)
        local period = tonumber(@period)
        local bucket = redis.call('HMGET', @attempts, 'tokens', 'at')
        local tokens = tonumber(bucket[1]) or limit
        local at = tonumber(bucket[2]) or now
        local refill = math.floor((now - at) / period)
        if refill > 0 then
          tokens = math.min(limit, tokens + refill)
          at = at + refill * period
        end
        if tokens >= limit then at = now end
        if tokens < 1 then return {'attempts', at + period - now} end
        redis.call('HSET', @attempts, 'tokens', tokens - 1, 'at', at)
        redis.call('PEXPIRE', @attempts, limit * period)
        redis.call('ZREMRANGEBYSCORE', @queue, '-inf', now - @lease)
        local waiting = redis.call('ZCARD', @queue)
        if waiting == 0 and redis.call('SET', @turn, @attempt, 'NX', 'PX', @lease) then return {'turn', 0} end
        if waiting >= tonumber(@mostWaiting) then return {'busy', 0} end
        redis.call('ZADD', @queue, now, @attempt)
        redis.call('PEXPIRE', @queue, @lease)
        return {'queued', 0}
        """);

    // Gives the turn to a queued attempt once it is first in line and the turn is free, checking the lockout again then:
    // the attempts before it may have locked the user out. Parameters: the lockout's, and turn, queue, attempt, lease.
    private static readonly LuaScript TakeTurnScript = LuaScript.Prepare(LockoutFunction + "\n" + """
        redis.call('ZREMRANGEBYSCORE', @queue, '-inf', @now - @lease)
        if not redis.call('ZSCORE', @queue, @attempt) then return {'gone', 0} end
        if redis.call('EXISTS', @turn) == 1 then return {'wait', 0} end
        if redis.call('ZRANGE', @queue, 0, 0)[1] ~= @attempt then return {'wait', 0} end
        redis.call('ZREM', @queue, @attempt)
        local locked = lockout()
        if locked > 0 then return {'locked', locked} end
        redis.call('SET', @turn, @attempt, 'PX', @lease)
        return {'turn', 0}
        """);

    // Records an admitted attempt's verdict ('wrong': a failure in both logs, which keep their newest perMeeting and
    // perUser times; 'right': forgets the meeting's failures; '': nothing) and gives the turn back if it is still this
    // attempt's. Parameters: meetingFailures, userFailures, turn (keys), now, window, perMeeting, perUser, verdict, attempt.
    private static readonly LuaScript FinishScript = LuaScript.Prepare("""
        local function add_failure(failures, capacity)
          redis.call('ZADD', failures, @now, @attempt)
          local count = redis.call('ZCARD', failures)
          if count > tonumber(capacity) then redis.call('ZREMRANGEBYRANK', failures, 0, count - capacity - 1) end
          redis.call('PEXPIRE', failures, @window)
        end
        if @verdict == 'wrong' then
          add_failure(@meetingFailures, @perMeeting)
          add_failure(@userFailures, @perUser)
        elseif @verdict == 'right' then
          redis.call('DEL', @meetingFailures)
        end
        if redis.call('GET', @turn) == @attempt then redis.call('DEL', @turn) end
        return {'done', 0}
        """);

    // Takes a queued attempt that gives up (cancelled) out of the queue. Parameters: queue (key), attempt.
    private static readonly LuaScript LeaveQueueScript = LuaScript.Prepare("""
        redis.call('ZREM', @queue, @attempt)
        return {'left', 0}
        """);

    public async ValueTask<Admission> AdmitAsync(ChatUser user, string meetingId, CancellationToken cancellationToken)
    {
        var attempt = new Attempt(this, user, meetingId);
        var (answer, milliseconds) = await attempt.AdmitAsync();
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
    public static string UserKeyPrefix(ChatUser user) => $"{KeyPrefix}{HashTag.Of(user.CacheKey)}:";

    /// <summary>One attempt of one user at one meeting: its id names its turn and its place in the queue.</summary>
    private sealed class Attempt(RedisActivationGuard guard, ChatUser user, string meetingId) : ActivationTurn
    {
        private readonly string _id = Guid.NewGuid().ToString("N");
        private readonly UserKeys _keys = new(UserKeyPrefix(user), meetingId);
        private bool _finished;

        public ValueTask<(string Answer, long Milliseconds)> AdmitAsync() => RunAsync(AdmitScript, Arguments());

        public async ValueTask<(string Answer, long Milliseconds)> WaitForTurnAsync(CancellationToken cancellationToken)
        {
            var pause = FirstPoll;
            try
            {
                while (true)
                {
                    await Task.Delay(pause, cancellationToken);
                    var (answer, milliseconds) = await TakeTurnAsync();
                    if (answer != "wait")
                    {
                        return (answer, milliseconds);
                    }

                    pause = pause * 2 < LongestPoll ? pause * 2 : LongestPoll;
                }
            }
            catch (OperationCanceledException)
            {
                await RunAsync(LeaveQueueScript, Arguments());
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

        private ValueTask<(string Answer, long Milliseconds)> TakeTurnAsync() => RunAsync(TakeTurnScript, Arguments());

        /// <summary>What the scripts are told, by name: each reads the ones it needs.</summary>
        private object Arguments(string verdict = "")
        {
            var settings = guard._protection.Value;
            return new
            {
                meetingFailures = _keys.MeetingFailures,
                userFailures = _keys.UserFailures,
                attempts = _keys.Attempts,
                turn = _keys.Turn,
                queue = _keys.Queue,
                now = Now(),
                window = WindowMilliseconds(),
                perMeeting = settings.MaxFailedAttempts,
                perUser = settings.MaxFailedAttemptsPerUser,
                perMinute = settings.AttemptsPerMinute,
                period = Math.Max(1L, 60_000L / settings.AttemptsPerMinute),
                attempt = _id,
                lease = LeaseMilliseconds(),
                mostWaiting = settings.MaxQueuedAttemptsPerUser,
                verdict,
            };
        }

        /// <summary>
        /// The activation already has its answer, which the user gets even when Redis is away now: the turn then lapses
        /// by itself and this verdict is not counted (logged).
        /// </summary>
        private async ValueTask FinishAsync(string verdict)
        {
            try
            {
                await RunAsync(FinishScript, Arguments(verdict));
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                guard._logger.LogWarning(e, "Could not record the outcome of {UserKey}'s activation in Redis ({Verdict}); the turn lapses by itself",
                    user.CacheKey, verdict.Length == 0 ? "none" : verdict);
            }
        }

        private async ValueTask<(string Answer, long Milliseconds)> RunAsync(LuaScript script, object parameters)
        {
            var result = (RedisResult[])(await script.EvaluateAsync(guard._redis.GetDatabase(), parameters))!;
            return ((string)result[0]!, (long)result[1]);
        }

        private long Now() => guard._time.GetUtcNow().ToUnixTimeMilliseconds();

        private long WindowMilliseconds() => (long)guard._protection.Value.FailureWindow.TotalMilliseconds;

        private long LeaseMilliseconds() => (long)(guard._huawei.Value.ActivationTimeout + LeaseMargin).TotalMilliseconds;
    }

    /// <summary>The keys of one user's attempt at one meeting, all in the user's hash slot.</summary>
    private sealed class UserKeys(string prefix, string meetingId)
    {
        public RedisKey MeetingFailures { get; } = prefix + "failures:" + meetingId;

        public RedisKey UserFailures { get; } = prefix + "failures";

        public RedisKey Attempts { get; } = prefix + "attempts";

        public RedisKey Turn { get; } = prefix + "turn";

        public RedisKey Queue { get; } = prefix + "queue";
    }
}
