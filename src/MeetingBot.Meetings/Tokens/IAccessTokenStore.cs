namespace MeetingBot.Meetings.Tokens;

/// <summary>
/// Where users' Huawei access tokens are kept between activations. The in-memory store serves one instance;
/// a shared store (Redis, for several bot instances) can replace it without touching its callers.
/// Keys are <see cref="SignInSubject.TokenKey"/> (the user's <see cref="ChatUser.CacheKey"/> and the Huawei enterprise):
/// one user's token is never returned for another, nor for the same user id in another enterprise.
/// </summary>
public interface IAccessTokenStore
{
    ValueTask<AccessToken?> GetAsync(string key, CancellationToken cancellationToken);

    /// <summary>Keeps the token for at most <paramref name="timeToLive"/>; the store may evict it sooner.</summary>
    ValueTask SetAsync(string key, AccessToken token, TimeSpan timeToLive, CancellationToken cancellationToken);

    ValueTask RemoveAsync(string key, CancellationToken cancellationToken);
}
