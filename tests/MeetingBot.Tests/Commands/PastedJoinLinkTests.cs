using MeetingBot.Commands;

namespace MeetingBot.Tests.Commands;

/// <summary>What Teams link unfurling sends is a URL alone: only a whole Huawei Cloud Meeting join link gives a meeting ID.</summary>
public class PastedJoinLinkTests
{
    private const string Suffix = "6a30b8b5a325105da031442627828e496f91021ece36405f";

    public static TheoryData<string?, string?> Links => new()
    {
        { $"https://meeting.huaweicloud.com/#/j/986030672/{Suffix}", "986030672" },
        { $"https://intl.meeting.huaweicloud.com/#/j/986030672/{Suffix}", "986030672" },
        { $"https://c.meeting.huaweicloud.com/#/j/914083136/{Suffix}", "914083136" },
        { "HTTPS://Meeting.HuaweiCloud.com/#/j/986030672", "986030672" },
        { "  https://meeting.huaweicloud.com/#/j/986030672/  ", "986030672" },
        { "https://meeting.huaweicloud.com/#/j/12345", null },
        { "https://meeting.huaweicloud.com/", null },
        { "https://meeting.huaweicloud.com/#/j/", null },
        { "https://meeting.huaweicloud.com.example.com/#/j/986030672", null },
        { "https://evil.example/?next=https://meeting.huaweicloud.com/#/j/986030672", null },
        { "Meeting ID: 986 030 672", null },
        { "https://teams.microsoft.com/l/meetup-join/19%3ameeting", null },
        { "", null },
        { null, null },
    };

    [Theory]
    [MemberData(nameof(Links))]
    public void Only_a_whole_join_link_gives_its_meeting_ID_never_its_suffix(string? url, string? meetingId)
    {
        Assert.Equal(meetingId, PastedMeeting.MeetingIdInJoinLink(url));
    }
}
