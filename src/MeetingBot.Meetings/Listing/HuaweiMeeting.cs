namespace MeetingBot.Meetings.Listing;

/// <summary>Where a meeting that has not ended stands.</summary>
public enum HuaweiMeetingState
{
    /// <summary>Scheduled and not started yet (Huawei's <c>Schedule</c>).</summary>
    Scheduled,

    /// <summary>Started and going on (Huawei's <c>Created</c>, or <c>Creating</c> while it starts).</summary>
    InProgress,
}

/// <summary>
/// One of the user's Huawei Cloud Meetings, as the bot shows it: no password, no join link.
/// </summary>
/// <param name="ConferenceId">The meeting ID every operation takes (details, start), digits.</param>
/// <param name="Subject">The meeting's subject; empty when Huawei gave none.</param>
/// <param name="StartsAt">When it starts, UTC (Huawei gives minutes only).</param>
/// <param name="EndsAt">When it is planned to end, UTC.</param>
/// <param name="State">Scheduled or in progress.</param>
/// <param name="IsHost">
/// Whether the user may start it: Huawei gave the user the host (chair) password, which it gives to the host and the
/// scheduler only. Ask <see cref="IMeetingListService.GetChairPasswordAsync"/> for the password when starting.
/// </param>
/// <param name="CloudMeetingRoomId">
/// The cloud meeting room's fixed ID when the meeting is held in one (Huawei's <c>vmrConferenceID</c>), else null:
/// the ID people know the room by. Starting and details still take <see cref="ConferenceId"/>.
/// </param>
public sealed record HuaweiMeeting(
    string ConferenceId,
    string Subject,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    HuaweiMeetingState State,
    bool IsHost,
    string? CloudMeetingRoomId = null)
{
    /// <summary>The ID to show: the cloud meeting room's when the meeting is held in one, else the meeting's own.</summary>
    public string DisplayId => CloudMeetingRoomId ?? ConferenceId;
}
