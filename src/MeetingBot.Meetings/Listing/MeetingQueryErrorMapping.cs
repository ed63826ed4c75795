using MeetingBot.Meetings.Activation;
using MeetingBot.Meetings.Huawei;

namespace MeetingBot.Meetings.Listing;

/// <summary>
/// Turns a Huawei failure of a list or lookup into what the user can act on, by the very rules of activations
/// (<see cref="ActivationErrorMapping"/>: a known <c>error_code</c> first, then the HTTP status), read for a request that
/// carries no password: what would be a wrong ID or password is, for one meeting, an ID Huawei does not know, and for
/// the list a request Huawei rejected.
/// </summary>
internal static class MeetingQueryErrorMapping
{
    /// <summary>A failure of the list (<paramref name="oneMeeting"/> false) or of one meeting's details (true).</summary>
    public static MeetingQueryOutcome ForQuery(HuaweiFailure failure, bool oneMeeting) =>
        From(ActivationErrorMapping.ForStart(failure), oneMeeting);

    /// <summary>A failure of App ID authentication.</summary>
    public static MeetingQueryOutcome ForAuthentication(HuaweiFailure failure) =>
        From(ActivationErrorMapping.ForAuthentication(failure), oneMeeting: false);

    private static MeetingQueryOutcome From(ActivationOutcome outcome, bool oneMeeting) => outcome switch
    {
        ActivationOutcome.WrongMeetingIdOrPassword => oneMeeting ? MeetingQueryOutcome.MeetingNotFound : MeetingQueryOutcome.Rejected,
        ActivationOutcome.MeetingNotFound => MeetingQueryOutcome.MeetingNotFound,
        ActivationOutcome.NotPermitted => MeetingQueryOutcome.NotPermitted,
        ActivationOutcome.RateLimited => MeetingQueryOutcome.RateLimited,
        ActivationOutcome.AuthenticationFailed => MeetingQueryOutcome.AuthenticationFailed,
        ActivationOutcome.TimedOut => MeetingQueryOutcome.TimedOut,
        _ => MeetingQueryOutcome.ServiceUnavailable,
    };
}
