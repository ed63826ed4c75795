using System.Text.Json;
using MeetingBot.Meetings.Tokens;
using MeetingBot.State.Redis.DataProtection;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace MeetingBot.State.AccessTokens;

/// <summary>
/// Users' Huawei access tokens in Redis, shared by every replica, each until its usable lifetime ends (the TTL the
/// token provider gives). Encrypted with ASP.NET Core Data Protection: Redis never holds a token in clear. The
/// encrypted value names its key, so a value copied under another user's key is not accepted.
/// In front of Redis, each replica keeps what it read or wrote for <see cref="StateOptions.LocalTokenLifetime"/> at most
/// (never past the token's expiry), so a turn with a cached token makes no Redis round trip for it. A token Huawei
/// rejects is dropped here and, only if Redis still holds that very token, in Redis; other replicas drop their copy
/// when Huawei rejects it to them.
/// </summary>
public sealed class RedisAccessTokenStore : IAccessTokenStore, IDisposable
{
    public const string KeyPrefix = "meetingbot:token:";

    // Deletes the token only if Redis still holds the encrypted value this replica read or wrote (seen).
    private static readonly LuaScript DeleteIfUnchangedScript = LuaScript.Prepare("""
        if redis.call('GET', @token) == @seen then return redis.call('DEL', @token) end
        return 0
        """);

    private readonly IConnectionMultiplexer _redis;
    private readonly SharedKeyProtector _protector;
    private readonly TimeSpan _localLifetime;
    private readonly MemoryCache? _local;
    private readonly ILogger<RedisAccessTokenStore> _logger;

    public RedisAccessTokenStore(
        IConnectionMultiplexer redis,
        IDataProtectionProvider dataProtection,
        RedisKeyRingRepository sharedKeys,
        IOptions<StateOptions> options,
        ILogger<RedisAccessTokenStore> logger)
    {
        _redis = redis;
        _logger = logger;
        _protector = new SharedKeyProtector(dataProtection.CreateProtector("MeetingBot.State.AccessTokens.v1"), sharedKeys);
        _localLifetime = options.Value.LocalTokenLifetime;
        _local = _localLifetime > TimeSpan.Zero
            ? new MemoryCache(new MemoryCacheOptions { SizeLimit = options.Value.MaxLocalTokens, CompactionPercentage = 0.10 })
            : null;
    }

    public async ValueTask<AccessToken?> GetAsync(string key, CancellationToken cancellationToken)
    {
        if (_local is not null && _local.TryGetValue(key, out LocalCopy? copy) && copy is not null)
        {
            return copy.Token;
        }

        var stored = await _redis.GetDatabase().StringGetAsync(KeyPrefix + key);
        if (!stored.HasValue)
        {
            return null;
        }

        var sealedBytes = (byte[])stored!;
        var token = await UnsealAsync(key, sealedBytes);
        if (token is not null)
        {
            KeepLocally(key, new LocalCopy(token, sealedBytes), token.ExpiresAt - DateTimeOffset.UtcNow);
        }

        return token;
    }

    public async ValueTask SetAsync(string key, AccessToken token, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        if (timeToLive <= TimeSpan.Zero)
        {
            return;
        }

        var plain = JsonSerializer.SerializeToUtf8Bytes(new SealedToken(key, token.Value, token.ExpiresAt));
        if (await _protector.ProtectAsync(plain) is not { } sealedBytes)
        {
            // No replica could read it: the user signs in again on the next turn instead.
            _logger.LogWarning("Not storing {UserKey}'s token in Redis: no Data Protection key Redis holds could encrypt it", key);
            return;
        }

        await _redis.GetDatabase().StringSetAsync(KeyPrefix + key, sealedBytes, timeToLive);
        KeepLocally(key, new LocalCopy(token, sealedBytes), timeToLive);
    }

    public async ValueTask RemoveAsync(string key, CancellationToken cancellationToken)
    {
        _local?.Remove(key);
        await _redis.GetDatabase().KeyDeleteAsync(KeyPrefix + key);
    }

    public async ValueTask RemoveIfCurrentAsync(string key, AccessToken rejected, CancellationToken cancellationToken)
    {
        byte[]? seen = null;
        if (_local is not null && _local.TryGetValue(key, out LocalCopy? copy) && copy is not null)
        {
            _local.Remove(key);
            seen = string.Equals(copy.Token.Value, rejected.Value, StringComparison.Ordinal) ? copy.Sealed : null;
        }
        else
        {
            var stored = await _redis.GetDatabase().StringGetAsync(KeyPrefix + key);
            if (stored.HasValue && await UnsealAsync(key, (byte[])stored!) is { } current && string.Equals(current.Value, rejected.Value, StringComparison.Ordinal))
            {
                seen = (byte[])stored!;
            }
        }

        if (seen is not null)
        {
            await DeleteIfUnchangedScript.EvaluateAsync(_redis.GetDatabase(), new { token = (RedisKey)(KeyPrefix + key), seen });
        }
    }

    public void Dispose() => _local?.Dispose();

    /// <summary>The token, or null when no key Redis holds decrypts it (keys lost or rotated away: the user signs in again).</summary>
    private async ValueTask<AccessToken?> UnsealAsync(string key, byte[] sealedBytes)
    {
        var plain = await _protector.UnprotectAsync(sealedBytes);
        var sealedToken = plain is null ? null : JsonSerializer.Deserialize<SealedToken>(plain);
        return sealedToken is not null && string.Equals(sealedToken.Key, key, StringComparison.Ordinal)
            ? new AccessToken(sealedToken.Value, sealedToken.ExpiresAt)
            : null;
    }

    private void KeepLocally(string key, LocalCopy copy, TimeSpan usableFor)
    {
        var lifetime = usableFor < _localLifetime ? usableFor : _localLifetime;
        if (_local is not null && lifetime > TimeSpan.Zero)
        {
            _local.Set(key, copy, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = lifetime });
        }
    }

    private sealed record SealedToken(string Key, string Value, DateTimeOffset ExpiresAt);

    /// <summary>The token and the exact encrypted value Redis held for it, to delete that value only.</summary>
    private sealed record LocalCopy(AccessToken Token, byte[] Sealed);
}
