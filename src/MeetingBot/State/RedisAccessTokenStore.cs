using System.Security.Cryptography;
using System.Text.Json;
using MeetingBot.Meetings.Tokens;
using Microsoft.AspNetCore.DataProtection;
using StackExchange.Redis;

namespace MeetingBot.State;

/// <summary>
/// Users' Huawei access tokens in Redis, shared by every replica, each until its usable lifetime ends (the TTL the
/// token provider gives). Encrypted with ASP.NET Core Data Protection: Redis never holds a token in clear. The
/// encrypted value names its key, so a value copied under another user's key is not accepted.
/// </summary>
public sealed class RedisAccessTokenStore(IConnectionMultiplexer redis, IDataProtectionProvider dataProtection) : IAccessTokenStore
{
    public const string KeyPrefix = "meetingbot:token:";

    private readonly IDataProtector _protector = dataProtection.CreateProtector("MeetingBot.State.AccessTokens.v1");

    public async ValueTask<AccessToken?> GetAsync(string key, CancellationToken cancellationToken)
    {
        var stored = await redis.GetDatabase().StringGetAsync(KeyPrefix + key);
        if (!stored.HasValue)
        {
            return null;
        }

        try
        {
            var sealedToken = JsonSerializer.Deserialize<SealedToken>(_protector.Unprotect((byte[])stored!));
            return sealedToken is not null && string.Equals(sealedToken.Key, key, StringComparison.Ordinal)
                ? new AccessToken(sealedToken.Value, sealedToken.ExpiresAt)
                : null;
        }
        catch (CryptographicException)
        {
            // Encrypted with a key we no longer have (Data Protection keys lost or rotated away): the user signs in again.
            return null;
        }
    }

    public async ValueTask SetAsync(string key, AccessToken token, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        if (timeToLive <= TimeSpan.Zero)
        {
            return;
        }

        var plain = JsonSerializer.SerializeToUtf8Bytes(new SealedToken(key, token.Value, token.ExpiresAt));
        await redis.GetDatabase().StringSetAsync(KeyPrefix + key, _protector.Protect(plain), timeToLive);
    }

    public async ValueTask RemoveAsync(string key, CancellationToken cancellationToken) =>
        await redis.GetDatabase().KeyDeleteAsync(KeyPrefix + key);

    private sealed record SealedToken(string Key, string Value, DateTimeOffset ExpiresAt);
}
