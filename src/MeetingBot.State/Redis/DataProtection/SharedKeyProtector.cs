using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace MeetingBot.State.Redis.DataProtection;

/// <summary>
/// Encrypts and decrypts what replicas share through Redis, so that what one replica encrypts every other can decrypt:
/// <list type="bullet">
/// <item>encrypted with a key Redis holds: right after Redis lost its keys this replica's key ring may still name the lost
/// key for a moment (Data Protection rebuilds the ring in the background, <see cref="KeyRingFollowingRedis"/>), so a value
/// is encrypted again once the rebuilt ring names a key Redis holds, waiting at most <see cref="LongestWait"/>;</item>
/// <item>decrypted with a key another replica stored a moment ago (replicas that start together each store one): the keys
/// are read from Redis again at once, and the value decrypted once the rebuilt ring has the key.</item>
/// </list>
/// </summary>
public sealed class SharedKeyProtector(IDataProtector protector, RedisKeyRingRepository keys)
{
    public static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(20);

    // A protected payload starts with a 4-byte magic header and the 16-byte id of the key that encrypted it
    // (the documented Data Protection payload format).
    private const int KeyIdOffset = 4;
    private const int KeyIdLength = 16;

    /// <summary>The encrypted value, or null when no key Redis holds could encrypt it within <see cref="LongestWait"/>.</summary>
    public async ValueTask<byte[]?> ProtectAsync(byte[] plain)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var sealedBytes = protector.Protect(plain);
            if (keys.KeyIds.Contains(KeyIdOf(sealedBytes)))
            {
                return sealedBytes;
            }

            if (waited.Elapsed >= LongestWait)
            {
                return null;
            }

            // Real time, whatever clock the caller runs on: Data Protection rebuilds the ring on a thread of its own.
            await Task.Delay(Pause);
        }
    }

    /// <summary>The decrypted value, or null when no key Redis holds can decrypt it (lost keys, or not ours at all).</summary>
    public async ValueTask<byte[]?> UnprotectAsync(byte[] sealedBytes)
    {
        var keyId = KeyIdOf(sealedBytes);
        if (!keys.KeyIds.Contains(keyId))
        {
            await keys.LoadAsync();
        }

        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return protector.Unprotect(sealedBytes);
            }
            catch (CryptographicException) when (keys.KeyIds.Contains(keyId) && waited.Elapsed < LongestWait)
            {
                // A key Redis holds that the key ring does not have yet: Data Protection is rebuilding it.
            }
            catch (CryptographicException)
            {
                return null;
            }

            // Real time, whatever clock the caller runs on: Data Protection rebuilds the ring on a thread of its own.
            await Task.Delay(Pause);
        }
    }

    private static Guid KeyIdOf(byte[] payload) =>
        payload.Length >= KeyIdOffset + KeyIdLength ? new Guid(payload.AsSpan(KeyIdOffset, KeyIdLength)) : Guid.Empty;
}
