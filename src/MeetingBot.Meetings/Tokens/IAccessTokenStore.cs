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

    /// <summary>
    /// Forgets <paramref name="rejected"/> if it is still the token kept under <paramref name="key"/>: a newer one, stored
    /// meanwhile by a concurrent sign-in (on any replica), stays.
    /// </summary>
    async ValueTask RemoveIfCurrentAsync(string key, AccessToken rejected, CancellationToken cancellationToken)
    {
        var current = await GetAsync(key, cancellationToken);
        if (current is not null && string.Equals(current.Value, rejected.Value, StringComparison.Ordinal))
        {
            await RemoveAsync(key, cancellationToken);
        }
    }
}
