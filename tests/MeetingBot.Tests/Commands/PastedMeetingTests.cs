using MeetingBot.Commands;

namespace MeetingBot.Tests.Commands;

public class PastedMeetingTests
{
    [Theory]
    [InlineData("https://meeting.huaweicloud.com/#/j/986030665/Xq7Lp2Zr", "986030665")]
    [InlineData("https://meeting.huaweicloud.com#/j/986030665", "986030665")]
    [InlineData("HTTPS://INTL.MEETING.HUAWEICLOUD.COM/#/j/986030665?x=1", "986030665")]
    [InlineData("Join me: https://ap-southeast-1.meeting.huaweicloud.com/#/j/986030665 today", "986030665")]
    [InlineData("Meeting ID: 986 030 665\nPassword: 123456", "986030665")]
    [InlineData("meeting id：986-030-665", "986030665")]
    [InlineData("会议ID：986 030 665\n会议密码：123456", "986030665")]
    [InlineData("会议 ID: 986-030-665", "986030665")]
    public void Reads_only_the_meeting_id_from_a_join_link_or_an_invitation(string pasted, string meetingId)
    {
        Assert.Equal(meetingId, PastedMeeting.MeetingIdIn(pasted));

        var command = CommandParser.Parse(pasted);
        Assert.Equal(new Command(CommandKind.Activate, meetingId), command);
        Assert.False(command.HasPassword); // neither a link's suffix nor an invitation's (guest) password is a host password
    }

    [Theory]
    [InlineData("https://meeting.huaweicloud.com.evil.example/#/j/986030665")]
    [InlineData("https://evilmeeting.huaweicloud.com/#/j/986030665")]
    [InlineData("https://example.com/#/j/986030665")]
    [InlineData("https://meeting.huaweicloud.com/#/j/12345")]
    [InlineData("Meeting ID: 12")]
    [InlineData("The meeting is at 9860 30665")]
    [InlineData("")]
    public void Anything_else_is_no_pasted_meeting(string text)
    {
        Assert.Null(PastedMeeting.MeetingIdIn(text));
    }
}
