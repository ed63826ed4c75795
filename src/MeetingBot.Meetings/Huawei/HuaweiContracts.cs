using System.Text.Json.Serialization;

namespace MeetingBot.Meetings.Huawei;

/// <summary>Body of <c>POST /v2/usg/acs/auth/appauth</c>. No corpId: single-enterprise mode rejects it.</summary>
internal sealed record AppAuthRequest(
    [property: JsonPropertyName("appId")] string AppId,
    [property: JsonPropertyName("clientType")] int ClientType,
    [property: JsonPropertyName("userId")] string UserId,
    [property: JsonPropertyName("expireTime")] long ExpireTime,
    [property: JsonPropertyName("nonce")] string Nonce)
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
