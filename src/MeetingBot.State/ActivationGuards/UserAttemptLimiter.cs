using System.Threading.RateLimiting;
using MeetingBot.Meetings.Protection;
using MeetingBot.Meetings;
using Microsoft.Extensions.Options;

namespace MeetingBot.State.ActivationGuards;

/// <summary>
/// Per user: a token bucket of <see cref="ProtectionOptions.AttemptsPerMinute"/> attempts (a burst of N, then one more
/// every 60/N seconds), and one activation at a time with up to <see cref="ProtectionOptions.MaxQueuedAttemptsPerUser"/>
/// waiting their turn in order. One at a time keeps the lockout exact: concurrent guesses would all pass the lockout
/// check before the first failure is counted. The partitioned limiters drop a user's partition once it has been idle
/// for a few seconds, so memory follows the users active in the last minute.
/// </summary>
public sealed class UserAttemptLimiter : IDisposable
{
    /// <summary>What to tell a user whose queue is full: an activation takes seconds.</summary>
    public static readonly TimeSpan BusyRetryAfter = TimeSpan.FromSeconds(3);

    private readonly PartitionedRateLimiter<ChatUser> _perMinute;
    private readonly PartitionedRateLimiter<ChatUser> _oneAtATime;

    public UserAttemptLimiter(IOptions<ProtectionOptions> options)
    {
        var settings = options.Value;
        var bucket = new TokenBucketRateLimiterOptions
        {
            TokenLimit = settings.AttemptsPerMinute,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1) / settings.AttemptsPerMinute,
            QueueLimit = 0,
            AutoReplenishment = true,
        };
        var turns = new ConcurrencyLimiterOptions
        {
            PermitLimit = 1,
            QueueLimit = settings.MaxQueuedAttemptsPerUser,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        };
        _perMinute = PartitionedRateLimiter.Create<ChatUser, string>(user => RateLimitPartition.GetTokenBucketLimiter(user.CacheKey, _ => bucket));
        _oneAtATime = PartitionedRateLimiter.Create<ChatUser, string>(user => RateLimitPartition.GetConcurrencyLimiter(user.CacheKey, _ => turns));
    }

    /// <summary>Takes one of the user's attempts for this minute; when refused, <see cref="RetryAfter"/> says how long to wait.</summary>
    public RateLimitLease TakeAttempt(ChatUser user) => _perMinute.AttemptAcquire(user);

    /// <summary>
    /// Waits for the user's turn (behind their running activation and those queued before). Hold the lease until the
    /// attempt completes. Not acquired when the queue is full; cancelled with <paramref name="cancellationToken"/>.
    /// </summary>
    public ValueTask<RateLimitLease> WaitForTurnAsync(ChatUser user, CancellationToken cancellationToken) =>
        _oneAtATime.AcquireAsync(user, 1, cancellationToken);

    public static TimeSpan RetryAfter(RateLimitLease refused) =>
        refused.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : BusyRetryAfter;

    public void Dispose()
    {
        _oneAtATime.Dispose();
        _perMinute.Dispose();
    }
}
