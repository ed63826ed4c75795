using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.KeyManagement;

namespace MeetingBot.State.Redis.DataProtection;

/// <summary>
/// Data Protection's key manager, except that the key ring it hands out also expires when the keys in Redis change
/// (<see cref="RedisKeyRingRepository.ChangeToken"/>), not only when this replica adds one or a day has passed. So a key
/// another replica stored is known here within one refresh of <see cref="KeyRingLoader"/>, and a key Redis lost stops
/// being used. Data Protection rebuilds the expired ring in the background and keeps serving the old one meanwhile.
/// </summary>
public sealed class KeyRingFollowingRedis(XmlKeyManager inner, RedisKeyRingRepository repository) : IKeyManager
{
    public IKey CreateNewKey(DateTimeOffset activationDate, DateTimeOffset expirationDate) => inner.CreateNewKey(activationDate, expirationDate);

    public IReadOnlyCollection<IKey> GetAllKeys() => inner.GetAllKeys();

    public CancellationToken GetCacheExpirationToken()
    {
        var own = inner.GetCacheExpirationToken();
        var redis = repository.ChangeToken;
        if (own.IsCancellationRequested || redis.IsCancellationRequested)
        {
            return new CancellationToken(canceled: true);
        }

        // Lives as long as the key ring it guards (one per rebuild, a few a day); it is never disposed, as the token
        // must stay usable for as long as Data Protection holds it.
#pragma warning disable CA2000
        return CancellationTokenSource.CreateLinkedTokenSource(own, redis).Token;
#pragma warning restore CA2000
    }

    public void RevokeKey(Guid keyId, string? reason = null) => inner.RevokeKey(keyId, reason);

    public void RevokeAllKeys(DateTimeOffset revocationDate, string? reason = null) => inner.RevokeAllKeys(revocationDate, reason);
}
