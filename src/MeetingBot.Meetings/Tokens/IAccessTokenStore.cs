namespace MeetingBot.Meetings.Tokens;

/// <summary>
/// Where users' Huawei access tokens are kept between activations. The in-memory store serves one instance;
/// a shared store (Redis, for several bot instances) can replace it without touching its callers.
/// Keys are <see cref="ChatUser.CacheKey"/>: one user's token is never returned for another.
/// </summary>
public interface IAccessTokenStore
{
    ValueTask<AccessToken?> GetAsync(string key, CancellationToken cancellationToken);

    /// <summary>Keeps the token for at most <paramref name="timeToLive"/>; the store may evict it sooner.</summary>
    ValueTask SetAsync(string key, AccessToken token, TimeSpan timeToLive, CancellationToken cancellationToken);

    ValueTask RemoveAsync(string key, CancellationToken cancellationToken);
}
