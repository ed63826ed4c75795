using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MeetingBot.Meetings.Huawei;

/// <summary>
/// The signature of Huawei Cloud Meeting's App ID authentication:
/// <c>HMAC-SHA256 signature=hex(HMAC-SHA256(appKey, "appId:userId:expireTime:nonce")),access=base64(appId)</c>.
/// </summary>
public static class AppAuthSignature
{
    public const string Scheme = "HMAC-SHA256";
    public const int MinNonceLength = 32;
    public const int MaxNonceLength = 64;
    private const int NonceLength = 48;

    /// <summary>The lowercase hex HMAC-SHA256 of <c>appId:userId:expireTime:nonce</c> keyed by the app key.</summary>
    public static string Compute(string appId, string userId, long expireTime, string nonce, string appKey)
    {
        var data = string.Create(CultureInfo.InvariantCulture, $"{appId}:{userId}:{expireTime}:{nonce}");
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(appKey), Encoding.UTF8.GetBytes(data));
        return Convert.ToHexStringLower(mac);
    }

    /// <summary>The <c>Authorization</c> header's parameter (everything after the scheme).</summary>
    public static string AuthorizationParameter(string appId, string signature) =>
        $"signature={signature},access={Convert.ToBase64String(Encoding.UTF8.GetBytes(appId))}";

    /// <summary>A fresh random nonce for every request, within Huawei's 32-64 character bounds.</summary>
    public static string NewNonce() => RandomNumberGenerator.GetHexString(NonceLength, lowercase: true);
}
