using MeetingBot.Meetings.Tokens;
using MeetingBot.Meetings;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace MeetingBot.State.AccessTokens;

/// <summary>
/// Tokens in process memory, bounded by <see cref="HuaweiMeetingOptions.TokenCacheSizeLimit"/> entries so that
/// a flood of distinct users cannot exhaust memory: beyond the limit new entries are refused and old ones compacted away.
/// </summary>
public sealed class MemoryAccessTokenStore : IAccessTokenStore, IDisposable
{
    private readonly MemoryCache _cache;

    public MemoryAccessTokenStore(IOptions<HuaweiMeetingOptions> options)
    {
        // Its own cache rather than the shared IMemoryCache: the size limit must count tokens only.
        _cache = new MemoryCache(new MemoryCacheOptions
        {
            SizeLimit = options.Value.TokenCacheSizeLimit,
            CompactionPercentage = 0.10,
        });
    }

    /// <summary>How many tokens are held now.</summary>
    public int Count => _cache.Count;

    public ValueTask<AccessToken?> GetAsync(string key, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_cache.TryGetValue(key, out AccessToken? token) ? token : null);

    public ValueTask SetAsync(string key, AccessToken token, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        if (timeToLive > TimeSpan.Zero)
        {
            // Relative expiry: the caller's clock (a TimeProvider) may differ from the cache's wall clock.
            _cache.Set(key, token, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = timeToLive });
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask RemoveAsync(string key, CancellationToken cancellationToken)
    {
        _cache.Remove(key);
        return ValueTask.CompletedTask;
    }

    public void Dispose() => _cache.Dispose();
}
