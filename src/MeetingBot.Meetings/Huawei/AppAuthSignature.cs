using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MeetingBot.Meetings.Huawei;

/// <summary>
/// The signature of Huawei Cloud Meeting's App ID authentication:
/// <c>HMAC-SHA256 signature=hex(HMAC-SHA256(appKey, data)),access=base64(appId)</c>, where data is
/// <c>appId:userId:expireTime:nonce</c> for a single-enterprise app (API reference "Authenticating an App ID",
/// support.huaweicloud.com/intl/en-us/api-meeting/meeting_21_0311.html) and <c>appId:corpId:userId:expireTime:nonce</c>
/// for an enterprise user of a service provider's app (Huawei Cloud's answer on App ID signatures,
/// bbs.huaweicloud.com/community/hisreply/id_1646819240717490: "App是SP开发的…作为企业普通用户…
/// HexEncode(HMAC-SHA256((App ID + ":" + CorpID + ":" + User ID + ":" + ExpireTime + ":" + Nonce), appKey))").
/// </summary>
public static class AppAuthSignature
{
    public const string Scheme = "HMAC-SHA256";
    public const int MinNonceLength = 32;
    public const int MaxNonceLength = 64;
    private const int NonceLength = 48;

    /// <summary>The lowercase hex HMAC-SHA256 of <c>appId:userId:expireTime:nonce</c> keyed by the app key.</summary>
    public static string Compute(string appId, string userId, long expireTime, string nonce, string appKey) =>
        Hmac(string.Create(CultureInfo.InvariantCulture, $"{appId}:{userId}:{expireTime}:{nonce}"), appKey);

    /// <summary>
    /// The service-provider form, <c>appId:corpId:userId:expireTime:nonce</c>; with a null <paramref name="corpId"/> the
    /// single-enterprise form.
    /// </summary>
    public static string Compute(string appId, string? corpId, string userId, long expireTime, string nonce, string appKey) =>
        corpId is null
            ? Compute(appId, userId, expireTime, nonce, appKey)
            : Hmac(string.Create(CultureInfo.InvariantCulture, $"{appId}:{corpId}:{userId}:{expireTime}:{nonce}"), appKey);

    /// <summary>The <c>Authorization</c> header's parameter (everything after the scheme).</summary>
    public static string AuthorizationParameter(string appId, string signature) =>
        $"signature={signature},access={Convert.ToBase64String(Encoding.UTF8.GetBytes(appId))}";

    /// <summary>A fresh random nonce for every request, within Huawei's 32-64 character bounds.</summary>
    public static string NewNonce() => RandomNumberGenerator.GetHexString(NonceLength, lowercase: true);

    private static string Hmac(string data, string appKey) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(appKey), Encoding.UTF8.GetBytes(data)));
}
