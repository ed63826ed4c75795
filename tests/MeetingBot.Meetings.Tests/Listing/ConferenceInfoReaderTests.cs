using MeetingBot.Meetings.Huawei;
using MeetingBot.Meetings.Listing;

namespace MeetingBot.Meetings.Tests.Listing;

public class ConferenceInfoReaderTests
{
    private static ConferenceInfo Info(
        string? conferenceId = "914083136", string? start = "2019-12-18 07:28", string? end = "2019-12-18 09:28", string? state = "Schedule",
        string? timeZoneId = "56", IReadOnlyList<PasswordEntry>? passwords = null, string? vmrConferenceId = null, string? subject = "Sync") =>
        new(conferenceId, subject, start, end, timeZoneId, state, passwords, VmrConferenceId: vmrConferenceId);

    [Theory]
    [InlineData("56")]
    [InlineData("26")]
    [InlineData(null)]
    public void Times_are_read_as_utc_whatever_the_notification_time_zone(string? timeZoneId)
    {
        var meeting = ConferenceInfoReader.Read(Info(timeZoneId: timeZoneId))!;

        Assert.Equal(new DateTimeOffset(2019, 12, 18, 7, 28, 0, TimeSpan.Zero), meeting.StartsAt);
        Assert.Equal(new DateTimeOffset(2019, 12, 18, 9, 28, 0, TimeSpan.Zero), meeting.EndsAt);
        Assert.Equal(TimeSpan.Zero, meeting.StartsAt.Offset);
    }

    [Fact]
    public void Times_with_seconds_are_read_too() =>
        Assert.Equal(new DateTimeOffset(2019, 12, 18, 7, 28, 15, TimeSpan.Zero), ConferenceInfoReader.ParseUtc("2019-12-18 07:28:15"));

    [Theory]
    [InlineData("Schedule", HuaweiMeetingState.Scheduled)]
    [InlineData("Created", HuaweiMeetingState.InProgress)]
    [InlineData("Creating", HuaweiMeetingState.InProgress)]
    public void Huaweis_states_become_scheduled_or_in_progress(string conferenceState, HuaweiMeetingState expected) =>
        Assert.Equal(expected, ConferenceInfoReader.Read(Info(state: conferenceState))!.State);

    [Theory]
    [InlineData(null, "2019-12-18 07:28", "Schedule")]
    [InlineData(" ", "2019-12-18 07:28", "Schedule")]
    [InlineData("914083136", "18/12/2019 07:28", "Schedule")]
    [InlineData("914083136", null, "Schedule")]
    [InlineData("914083136", "2019-12-18 07:28", "Destroyed")]
    [InlineData("914083136", "2019-12-18 07:28", "Paused")]
    [InlineData("914083136", "2019-12-18 07:28", null)]
    public void An_entry_without_an_id_a_readable_time_or_a_startable_state_is_left_out(string? conferenceId, string? start, string? state) =>
        Assert.Null(ConferenceInfoReader.Read(Info(conferenceId: conferenceId, start: start, state: state)));

    [Fact]
    public void The_user_hosts_a_meeting_only_when_huawei_gave_them_a_chair_password()
    {
        Assert.True(ConferenceInfoReader.Read(Info(passwords: [new("chair", "1"), new("general", "2")]))!.IsHost);
        Assert.True(ConferenceInfoReader.Read(Info(passwords: [new("CHAIR", "1")]))!.IsHost);
        Assert.False(ConferenceInfoReader.Read(Info(passwords: [new("general", "2")]))!.IsHost);
        Assert.False(ConferenceInfoReader.Read(Info(passwords: [new("chair", ""), new("general", "2")]))!.IsHost);
        Assert.False(ConferenceInfoReader.Read(Info(passwords: null))!.IsHost);
    }

    [Fact]
    public void A_cloud_meeting_room_id_is_kept_only_when_it_differs_from_the_meeting_id()
    {
        var inRoom = ConferenceInfoReader.Read(Info(vmrConferenceId: "916683232"))!;

        Assert.Equal(("914083136", "916683232", "916683232"), (inRoom.ConferenceId, inRoom.CloudMeetingRoomId, inRoom.DisplayId));
        Assert.Null(ConferenceInfoReader.Read(Info(vmrConferenceId: "914083136"))!.CloudMeetingRoomId);
        Assert.Null(ConferenceInfoReader.Read(Info(vmrConferenceId: " "))!.CloudMeetingRoomId);
        Assert.Equal("914083136", ConferenceInfoReader.Read(Info())!.DisplayId);
    }

    [Fact]
    public void A_missing_subject_is_empty() => Assert.Equal(string.Empty, ConferenceInfoReader.Read(Info(subject: null))!.Subject);
}
