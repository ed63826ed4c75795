using Medallion.Threading;
using Medallion.Threading.Redis;
using MeetingBot.Meetings.Tokens;
using StackExchange.Redis;

namespace MeetingBot.State.SignInLocks;

/// <summary>
/// <see cref="ISignInLock"/> on Redis with DistributedLock.Redis: a lease that the holder keeps extending while it
/// lives, and that expires by itself when its replica dies, so a killed replica never blocks a user's sign-in for long.
/// </summary>
public sealed class RedisSignInLock(IConnectionMultiplexer redis) : ISignInLock
{
    public const string KeyPrefix = "meetingbot:signin:";

    private readonly RedisDistributedSynchronizationProvider _locks = new(redis.GetDatabase());

    public async ValueTask<IAsyncDisposable> AcquireAsync(string key, TimeSpan timeout, CancellationToken cancellationToken) =>
        await _locks.AcquireLockAsync(KeyPrefix + key, timeout, cancellationToken);
}
