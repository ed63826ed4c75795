using MeetingBot.Meetings.Huawei;

namespace MeetingBot.Meetings.Listing;

/// <summary>
/// Turns a Huawei failure of a list or lookup into what the user can act on, the way activations map theirs
/// (<see cref="Activation.ActivationErrorMapping"/>): a known <c>error_code</c> first, then the HTTP status; anything
/// unknown falls back to <see cref="MeetingQueryOutcome.ServiceUnavailable"/>.
/// </summary>
internal static class MeetingQueryErrorMapping
{
    private static readonly Dictionary<string, MeetingQueryOutcome> KnownCodes = new(StringComparer.OrdinalIgnoreCase)
    {
        [HuaweiErrorCodes.MeetingDoesNotExist] = MeetingQueryOutcome.MeetingNotFound,
        [HuaweiErrorCodes.PersonalMeetingRoomDoesNotExist] = MeetingQueryOutcome.MeetingNotFound,
        [HuaweiErrorCodes.ConferenceNotFoundOrAuthFailed] = MeetingQueryOutcome.MeetingNotFound,
        [HuaweiErrorCodes.InsufficientPermissions] = MeetingQueryOutcome.NotPermitted,
        [HuaweiErrorCodes.InsufficientPermissionsToView] = MeetingQueryOutcome.NotPermitted,
        [HuaweiErrorCodes.ServerFlowControl] = MeetingQueryOutcome.RateLimited,
        [HuaweiErrorCodes.ApiGatewayThrottled] = MeetingQueryOutcome.RateLimited,
        [HuaweiErrorCodes.AppIdVerificationFailed] = MeetingQueryOutcome.AuthenticationFailed,
        [HuaweiErrorCodes.TokenInvalid] = MeetingQueryOutcome.AuthenticationFailed,
        [HuaweiErrorCodes.TokenExpired] = MeetingQueryOutcome.AuthenticationFailed,
    };

    /// <summary>A failure of the list (<paramref name="oneMeeting"/> false) or of one meeting's details (true).</summary>
    public static MeetingQueryOutcome ForQuery(HuaweiFailure failure, bool oneMeeting) => failure.Kind switch
    {
        HuaweiFailureKind.HttpError => ByCode(failure.ErrorCode) ?? failure.StatusCode switch
        {
            // Huawei answers 400 "parameter error"; for a valid meeting ID that can only be an ID it does not know.
            400 => oneMeeting ? MeetingQueryOutcome.MeetingNotFound : MeetingQueryOutcome.Rejected,
            401 => MeetingQueryOutcome.AuthenticationFailed,
            403 => MeetingQueryOutcome.NotPermitted,
            404 => MeetingQueryOutcome.MeetingNotFound,
            _ => ByStatus(failure.StatusCode),
        },
        _ => ByKind(failure.Kind),
    };

    /// <summary>A failure of App ID authentication: any client error there means our app credentials or request are wrong.</summary>
    public static MeetingQueryOutcome ForAuthentication(HuaweiFailure failure) => failure.Kind switch
    {
        HuaweiFailureKind.HttpError => ByCode(failure.ErrorCode) is MeetingQueryOutcome.RateLimited
            ? MeetingQueryOutcome.RateLimited
            : failure.StatusCode switch
            {
                >= 400 and < 500 and not 408 and not 429 => MeetingQueryOutcome.AuthenticationFailed,
                _ => ByStatus(failure.StatusCode),
            },
        _ => ByKind(failure.Kind),
    };

    private static MeetingQueryOutcome? ByCode(string? errorCode) =>
        errorCode is not null && KnownCodes.TryGetValue(errorCode, out var outcome) ? outcome : null;

    private static MeetingQueryOutcome ByStatus(int? status) => status switch
    {
        408 => MeetingQueryOutcome.TimedOut,
        429 => MeetingQueryOutcome.RateLimited,
        _ => MeetingQueryOutcome.ServiceUnavailable,
    };

    private static MeetingQueryOutcome ByKind(HuaweiFailureKind kind) =>
        kind == HuaweiFailureKind.Timeout ? MeetingQueryOutcome.TimedOut : MeetingQueryOutcome.ServiceUnavailable;
}
