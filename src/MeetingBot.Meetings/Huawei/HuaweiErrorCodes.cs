namespace MeetingBot.Meetings.Huawei;

/// <summary>
/// Huawei Cloud Meeting <c>error_code</c> values this app understands. Sources (Huawei Cloud docs, looked up 2026-11):
/// - Server API reference, "start conference" error example (status 400):
///   <c>{"error_code":"MMC.111072065","error_msg":"CONF_NOT_FOUND_OR_AUTH_FAILED"}</c>; every API page sends MMC./USG. codes
///   to the Huawei Cloud API error center.
/// - Error code table, same numbering as the MMC. codes (huaweicloud.com/guide/productsdesc-bms_d33b39c5c7b88d98ce8b400a10f35668support0):
///   111070002 Insufficient permissions, 111070004 Meeting authentication failed, 111070005 Meeting does not exist,
///   111070006 Personal cloud meeting room does not exist, 111070009 Meeting password cannot be left blank,
///   111070010 Insufficient permissions to view this meeting, 100000429 server flow control.
/// - SDK error code mapping: 206010025 "APPID校验失败" (App ID verification failed).
/// - API Gateway FAQ "How do I handle the error APIG.0308?" (support.huaweicloud.com/intl/en-us/oce_faq/en-us_topic_0000001887959462.html):
///   "The throttling threshold has been reached: policy user over ratelimit".
/// - Token invalid or expired (USG.206020000, USG.000000004): from the product brief, not found in the stored docs; Huawei answers them with 401.
/// </summary>
public static class HuaweiErrorCodes
{
    public const string ConferenceNotFoundOrAuthFailed = "MMC.111072065";
    public const string InsufficientPermissions = "MMC.111070002";
    public const string MeetingAuthenticationFailed = "MMC.111070004";
    public const string MeetingDoesNotExist = "MMC.111070005";
    public const string PersonalMeetingRoomDoesNotExist = "MMC.111070006";
    public const string MeetingPasswordBlank = "MMC.111070009";
    public const string InsufficientPermissionsToView = "MMC.111070010";
    public const string ServerFlowControl = "MMC.100000429";
    public const string AppIdVerificationFailed = "USG.206010025";
    public const string TokenInvalid = "USG.206020000";
    public const string TokenExpired = "USG.000000004";
    public const string ApiGatewayThrottled = "APIG.0308";

    /// <summary>Codes saying the access token is no longer good: drop it, authenticate again, retry once.</summary>
    public static bool MeansTokenRejected(string? errorCode) =>
        errorCode is TokenInvalid or TokenExpired;
}
