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

/// <summary>
/// What <c>GET /v1/mmc/management/conferences</c> (SearchMeetings) answers: one page of the meetings that have not ended.
/// <see cref="Count"/> is the number of all matching meetings, not of this page. See docs/huawei-meeting-list-api.md.
/// </summary>
internal sealed record SearchMeetingsResponse(
    [property: JsonPropertyName("offset")] int? Offset,
    [property: JsonPropertyName("limit")] int? Limit,
    [property: JsonPropertyName("count")] int? Count,
    [property: JsonPropertyName("data")] IReadOnlyList<ConferenceInfo>? Data)
{
    public override string ToString() =>
        $"SearchMeetingsResponse {{ Offset = {Offset}, Limit = {Limit}, Count = {Count}, Data = {Data?.Count ?? 0} meetings }}";
}

/// <summary>What <c>GET /v1/mmc/management/conferences/confDetail</c> answers; the participant page (<c>data</c>) is not read.</summary>
internal sealed record MeetingDetailResponse(
    [property: JsonPropertyName("conferenceData")] ConferenceInfo? ConferenceData)
{
    public override string ToString() => $"MeetingDetailResponse {{ {ConferenceData} }}";
}

/// <summary>
/// One meeting as Huawei describes it (<c>ConferenceInfo</c>), the fields this app reads. <see cref="StartTime"/> and
/// <see cref="EndTime"/> are UTC, <c>yyyy-MM-dd HH:mm</c>; <see cref="TimeZoneId"/> is only the zone the notifications
/// are written in. <see cref="PasswordEntry"/> carries the passwords in plain text and <see cref="ChairJoinUri"/> joins
/// as host: <see cref="ToString"/> shows neither.
/// </summary>
internal sealed record ConferenceInfo(
    [property: JsonPropertyName("conferenceID")] string? ConferenceId,
    [property: JsonPropertyName("subject")] string? Subject,
    [property: JsonPropertyName("startTime")] string? StartTime,
    [property: JsonPropertyName("endTime")] string? EndTime,
    [property: JsonPropertyName("timeZoneID")] string? TimeZoneId,
    [property: JsonPropertyName("conferenceState")] string? ConferenceState,
    [property: JsonPropertyName("passwordEntry")] IReadOnlyList<PasswordEntry>? PasswordEntry,
    [property: JsonPropertyName("role")] string? Role = null,
    [property: JsonPropertyName("vmrFlag")] int? VmrFlag = null,
    [property: JsonPropertyName("vmrConferenceID")] string? VmrConferenceId = null,
    [property: JsonPropertyName("chairJoinUri")] string? ChairJoinUri = null,
    [property: JsonPropertyName("guestJoinUri")] string? GuestJoinUri = null)
{
    public const string ChairRole = "chair";
    public const string GeneralRole = "general";

    /// <summary>The host password, when the answer gave the caller one (only a host or the scheduler gets it); else null.</summary>
    public string? ChairPassword => PasswordEntry?
        .FirstOrDefault(entry => string.Equals(entry.ConferenceRole, ChairRole, StringComparison.OrdinalIgnoreCase) && !string.IsNullOrEmpty(entry.Password))?
        .Password;

    public override string ToString() =>
        $"ConferenceInfo {{ ConferenceId = {ConferenceId}, VmrConferenceId = {VmrConferenceId}, ConferenceState = {ConferenceState}, "
        + $"StartTime = {StartTime}, EndTime = {EndTime}, TimeZoneId = {TimeZoneId}, Role = {Role}, "
        + $"Passwords for = [{string.Join(", ", PasswordEntry?.Select(entry => entry.ConferenceRole) ?? [])}] }}";
}

/// <summary>One role's password (<c>chair</c> or <c>general</c>), in plain text: <see cref="ToString"/> shows the role only.</summary>
internal sealed record PasswordEntry(
    [property: JsonPropertyName("conferenceRole")] string? ConferenceRole,
    [property: JsonPropertyName("password")] string? Password)
{
    public override string ToString() => $"PasswordEntry {{ ConferenceRole = {ConferenceRole} }}";
}

/// <summary>Huawei's error body.</summary>
internal sealed record HuaweiErrorBody(
    [property: JsonPropertyName("error_code")] string? ErrorCode,
    [property: JsonPropertyName("error_msg")] string? ErrorMessage);

[JsonSerializable(typeof(AppAuthRequest))]
[JsonSerializable(typeof(AppAuthResponse))]
[JsonSerializable(typeof(StartConferenceRequest))]
[JsonSerializable(typeof(StartConferenceResponse))]
[JsonSerializable(typeof(SearchMeetingsResponse))]
[JsonSerializable(typeof(MeetingDetailResponse))]
[JsonSerializable(typeof(HuaweiErrorBody))]
internal sealed partial class HuaweiJsonContext : JsonSerializerContext;
