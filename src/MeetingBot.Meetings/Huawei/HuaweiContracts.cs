using System.Text.Json.Serialization;

namespace MeetingBot.Meetings.Huawei;

/// <summary>
/// Body of <c>POST /v2/usg/acs/auth/appauth</c> (API reference "Authenticating an App ID": appId, clientType, corpId,
/// expireTime, nonce, userEmail, userId, userName, userPhone). <c>corpId</c> only for a service provider's app: Huawei's
/// SDK reference (App ID login, <c>corpId</c>) says it is mandatory only in SP mode and that single-enterprise mode fails
/// authentication when it is present. <c>userName</c> and <c>userEmail</c> fill the account Huawei registers on first
/// sign-in (without <c>userName</c> the account is named after <c>userId</c>); null values are left out. No <c>userPhone</c>:
/// the chat channels do not give one.
/// </summary>
internal sealed record AppAuthRequest(
    [property: JsonPropertyName("appId")] string AppId,
    [property: JsonPropertyName("clientType")] int ClientType,
    [property: JsonPropertyName("userId")] string UserId,
    [property: JsonPropertyName("expireTime")] long ExpireTime,
    [property: JsonPropertyName("nonce")] string Nonce,
    [property: JsonPropertyName("corpId"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CorpId = null,
    [property: JsonPropertyName("userName"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? UserName = null,
    [property: JsonPropertyName("userEmail"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? UserEmail = null)
{
    /// <summary>72: a third-party API client.</summary>
    public const int ApiClientType = 72;
}

/// <summary>What App ID authentication answers; other fields are ignored.</summary>
internal sealed record AppAuthResponse(
    [property: JsonPropertyName("accessToken")] string? AccessToken,
    [property: JsonPropertyName("validPeriod")] long? ValidPeriod,
    [property: JsonPropertyName("expireTime")] long? ExpireTime)
{
    public override string ToString() => $"AppAuthResponse {{ ValidPeriod = {ValidPeriod}, ExpireTime = {ExpireTime} }}";
}

/// <summary>Body of <c>POST /v1/mmc/management/conferences/start</c>.</summary>
internal sealed record StartConferenceRequest(
    [property: JsonPropertyName("conferenceID")] string ConferenceId,
    [property: JsonPropertyName("password")] string Password)
{
    public override string ToString() => $"StartConferenceRequest {{ ConferenceId = {ConferenceId} }}";
}

/// <summary>What starting a conference answers. <c>uuid</c> is deprecated and deliberately not read.</summary>
internal sealed record StartConferenceResponse(
    [property: JsonPropertyName("regionIP")] string? RegionIp);

/// <summary>Huawei's error body.</summary>
internal sealed record HuaweiErrorBody(
    [property: JsonPropertyName("error_code")] string? ErrorCode,
    [property: JsonPropertyName("error_msg")] string? ErrorMessage);

[JsonSerializable(typeof(AppAuthRequest))]
[JsonSerializable(typeof(AppAuthResponse))]
[JsonSerializable(typeof(StartConferenceRequest))]
[JsonSerializable(typeof(StartConferenceResponse))]
[JsonSerializable(typeof(HuaweiErrorBody))]
internal sealed partial class HuaweiJsonContext : JsonSerializerContext;
