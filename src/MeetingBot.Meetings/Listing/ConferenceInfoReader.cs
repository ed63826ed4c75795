using System.Globalization;
using MeetingBot.Meetings.Huawei;

namespace MeetingBot.Meetings.Listing;

/// <summary>
/// Turns Huawei's <see cref="ConferenceInfo"/> into a <see cref="HuaweiMeeting"/>: times read as UTC (whatever
/// <c>timeZoneID</c> says: that is the notifications' zone), the state, whether the user got the host password.
/// The passwords themselves stay behind.
/// </summary>
internal static class ConferenceInfoReader
{
    private static readonly string[] TimeFormats = ["yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss"];

    /// <summary>The meeting, or null when the entry lacks an ID or a readable time, or is in a state that cannot be started (ended).</summary>
    public static HuaweiMeeting? Read(ConferenceInfo info)
    {
        if (string.IsNullOrWhiteSpace(info.ConferenceId)
            || ParseUtc(info.StartTime) is not { } startsAt
            || ParseUtc(info.EndTime) is not { } endsAt
            || StateOf(info.ConferenceState) is not { } state)
        {
            return null;
        }

        var cloudRoomId = string.IsNullOrWhiteSpace(info.VmrConferenceId) || info.VmrConferenceId == info.ConferenceId
            ? null
            : info.VmrConferenceId.Trim();
        return new HuaweiMeeting(info.ConferenceId.Trim(), info.Subject ?? string.Empty, startsAt, endsAt, state, info.ChairPassword is not null, cloudRoomId);
    }

    /// <summary><c>yyyy-MM-dd HH:mm</c> as UTC; null when it is not a time.</summary>
    public static DateTimeOffset? ParseUtc(string? text) =>
        DateTimeOffset.TryParseExact(
            text?.Trim(), TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : null;

    /// <summary>Huawei's <c>conferenceState</c>; null for <c>Destroyed</c> (ended) and any state it does not document.</summary>
    public static HuaweiMeetingState? StateOf(string? conferenceState) => conferenceState?.Trim() switch
    {
        "Schedule" => HuaweiMeetingState.Scheduled,
        "Created" or "Creating" => HuaweiMeetingState.InProgress,
        _ => null,
    };
}
