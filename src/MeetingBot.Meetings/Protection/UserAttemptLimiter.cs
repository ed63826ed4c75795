using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace MeetingBot.Meetings.Protection;

/// <summary>
/// A token bucket per user: a burst of <see cref="ProtectionOptions.AttemptsPerMinute"/> activation attempts, then
/// one more every 60/N seconds. The partitioned limiter drops a user's bucket once it has been full for a few
/// seconds, so memory follows the users active in about the last minute.
/// </summary>
public sealed class UserAttemptLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<ChatUser> _limiter;
    private readonly TimeSpan _replenishmentPeriod;

    public UserAttemptLimiter(IOptions<ProtectionOptions> options)
    {
        var attemptsPerMinute = options.Value.AttemptsPerMinute;
        _replenishmentPeriod = TimeSpan.FromMinutes(1) / attemptsPerMinute;
        var bucket = new TokenBucketRateLimiterOptions
        {
            TokenLimit = attemptsPerMinute,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = _replenishmentPeriod,
            QueueLimit = 0,
            AutoReplenishment = true,
        };
        _limiter = PartitionedRateLimiter.Create<ChatUser, string>(
            user => RateLimitPartition.GetTokenBucketLimiter(user.CacheKey, _ => bucket));
    }

    /// <summary>Takes one attempt from the user's bucket; returns null when granted, otherwise how long to wait.</summary>
    public TimeSpan? TryAcquire(ChatUser user)
    {
        using var lease = _limiter.AttemptAcquire(user);
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : _replenishmentPeriod;
    }

    public void Dispose() => _limiter.Dispose();
}
