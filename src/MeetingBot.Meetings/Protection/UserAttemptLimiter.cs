using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace MeetingBot.Meetings.Protection;

/// <summary>
/// Per user: one activation at a time, and a token bucket of <see cref="ProtectionOptions.AttemptsPerMinute"/>
/// attempts (a burst of N, then one more every 60/N seconds). One at a time keeps the lockout exact: concurrent
/// guesses would all pass the lockout check before the first failure is counted. The partitioned limiters drop a
/// user's partition once it has been idle for a few seconds, so memory follows the users active in the last minute.
/// </summary>
public sealed class UserAttemptLimiter : IDisposable
{
    /// <summary>What to tell a user whose previous activation is still running: an activation takes seconds.</summary>
    internal static readonly TimeSpan BusyRetryAfter = TimeSpan.FromSeconds(3);

    private readonly PartitionedRateLimiter<ChatUser> _oneAtATime;
    private readonly PartitionedRateLimiter<ChatUser> _perMinute;
    private readonly PartitionedRateLimiter<ChatUser> _limiter;

    public UserAttemptLimiter(IOptions<ProtectionOptions> options)
    {
        var attemptsPerMinute = options.Value.AttemptsPerMinute;
        var bucket = new TokenBucketRateLimiterOptions
        {
            TokenLimit = attemptsPerMinute,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1) / attemptsPerMinute,
            QueueLimit = 0,
            AutoReplenishment = true,
        };
        var single = new ConcurrencyLimiterOptions { PermitLimit = 1, QueueLimit = 0 };
        _oneAtATime = PartitionedRateLimiter.Create<ChatUser, string>(user => RateLimitPartition.GetConcurrencyLimiter(user.CacheKey, _ => single));
        _perMinute = PartitionedRateLimiter.Create<ChatUser, string>(user => RateLimitPartition.GetTokenBucketLimiter(user.CacheKey, _ => bucket));
        // Busy first: a refused concurrent attempt then costs no token.
        _limiter = PartitionedRateLimiter.CreateChained(_oneAtATime, _perMinute);
    }

    /// <summary>
    /// Takes the user's permit for one attempt. Hold the lease until the attempt completes; when it is not acquired,
    /// <see cref="RetryAfter"/> says how long to wait.
    /// </summary>
    public RateLimitLease Acquire(ChatUser user) => _limiter.AttemptAcquire(user);

    public static TimeSpan RetryAfter(RateLimitLease refused) =>
        refused.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : BusyRetryAfter;

    public void Dispose()
    {
        _limiter.Dispose();
        _perMinute.Dispose();
        _oneAtATime.Dispose();
    }
}
