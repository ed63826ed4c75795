using MeetingBot.Meetings.Huawei;

namespace MeetingBot.Meetings.Activation;

/// <summary>
/// Turns a Huawei failure into what the user can act on: a known <c>error_code</c> first (see <see cref="HuaweiErrorCodes"/>
/// for the sources), then the HTTP status; anything unknown falls back to a safe outcome that never claims success.
/// </summary>
internal static class ActivationErrorMapping
{
    private static readonly Dictionary<string, ActivationOutcome> KnownCodes = new(StringComparer.OrdinalIgnoreCase)
    {
        [HuaweiErrorCodes.ConferenceNotFoundOrAuthFailed] = ActivationOutcome.WrongMeetingIdOrPassword,
        [HuaweiErrorCodes.MeetingAuthenticationFailed] = ActivationOutcome.WrongMeetingIdOrPassword,
        [HuaweiErrorCodes.MeetingPasswordBlank] = ActivationOutcome.WrongMeetingIdOrPassword,
        [HuaweiErrorCodes.MeetingDoesNotExist] = ActivationOutcome.MeetingNotFound,
        [HuaweiErrorCodes.PersonalMeetingRoomDoesNotExist] = ActivationOutcome.MeetingNotFound,
        [HuaweiErrorCodes.InsufficientPermissions] = ActivationOutcome.NotPermitted,
        [HuaweiErrorCodes.InsufficientPermissionsToView] = ActivationOutcome.NotPermitted,
        [HuaweiErrorCodes.ServerFlowControl] = ActivationOutcome.RateLimited,
        [HuaweiErrorCodes.ApiGatewayThrottled] = ActivationOutcome.RateLimited,
        [HuaweiErrorCodes.AppIdVerificationFailed] = ActivationOutcome.AuthenticationFailed,
        [HuaweiErrorCodes.TokenInvalid] = ActivationOutcome.AuthenticationFailed,
        [HuaweiErrorCodes.TokenExpired] = ActivationOutcome.AuthenticationFailed,
    };

    /// <summary>A failure of starting the conference.</summary>
    public static ActivationOutcome ForStart(HuaweiFailure failure) => failure.Kind switch
    {
        HuaweiFailureKind.HttpError => ByCode(failure.ErrorCode) ?? failure.StatusCode switch
        {
            // Huawei documents 400 "parameter error" for start, with CONF_NOT_FOUND_OR_AUTH_FAILED as its example.
            400 => ActivationOutcome.WrongMeetingIdOrPassword,
            401 => ActivationOutcome.AuthenticationFailed,
            403 => ActivationOutcome.NotPermitted,
            404 => ActivationOutcome.MeetingNotFound,
            _ => ByStatus(failure.StatusCode),
        },
        _ => ByKind(failure.Kind),
    };

    /// <summary>A failure of App ID authentication: any client error there means our app credentials or request are wrong.</summary>
    public static ActivationOutcome ForAuthentication(HuaweiFailure failure) => failure.Kind switch
    {
        HuaweiFailureKind.HttpError => ByCode(failure.ErrorCode) is ActivationOutcome.RateLimited
            ? ActivationOutcome.RateLimited
            : failure.StatusCode switch
            {
                >= 400 and < 500 and not 408 and not 429 => ActivationOutcome.AuthenticationFailed,
                _ => ByStatus(failure.StatusCode),
            },
        _ => ByKind(failure.Kind),
    };

    private static ActivationOutcome? ByCode(string? errorCode) =>
        errorCode is not null && KnownCodes.TryGetValue(errorCode, out var outcome) ? outcome : null;

    private static ActivationOutcome ByStatus(int? status) => status switch
    {
        408 => ActivationOutcome.TimedOut,
        429 => ActivationOutcome.RateLimited,
        _ => ActivationOutcome.ServiceUnavailable,
    };

    private static ActivationOutcome ByKind(HuaweiFailureKind kind) =>
        kind == HuaweiFailureKind.Timeout ? ActivationOutcome.TimedOut : ActivationOutcome.ServiceUnavailable;
}
