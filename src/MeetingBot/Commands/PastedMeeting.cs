using System.Text.RegularExpressions;
using MeetingBot.Meetings.Activation;

namespace MeetingBot.Commands;

/// <summary>
/// A meeting ID in what people paste: a Huawei Cloud Meeting join link (<c>https://meeting.huaweicloud.com/#/j/&lt;ID&gt;/…</c>,
/// the international <c>intl.</c> host and the other subdomains) or an invitation text (<c>会议ID：986 030 665</c>,
/// <c>Meeting ID: 986-030-665</c>). Only the ID is read: a link's suffix is no password, and an invitation's password is
/// a guest's, never the host's.
/// </summary>
public static partial class PastedMeeting
{
    /// <summary>The meeting ID (digits only) pasted in <paramref name="text"/>, or null.</summary>
    public static string? MeetingIdIn(string text)
    {
        var found = JoinLink().Match(text) is { Success: true } link ? link : InvitationLine().Match(text);
        if (!found.Success)
        {
            return null;
        }

        return Valid(found);
    }

    /// <summary>
    /// The meeting ID of <paramref name="url"/> when the whole of it is a Huawei Cloud Meeting join link (what Teams link
    /// unfurling sends), or null: a link elsewhere that merely mentions one is not one.
    /// </summary>
    public static string? MeetingIdInJoinLink(string? url) =>
        url is not null && JoinLink().Match(url.Trim()) is { Success: true, Index: 0 } link ? Valid(link) : null;

    private static string? Valid(Match found)
    {
        var meetingId = MeetingInput.NormalizeMeetingId(found.Groups["id"].Value);
        return MeetingInput.ValidateMeetingId(meetingId).Count == 0 ? meetingId : null;
    }

    [GeneratedRegex(@"https?://(?:[a-z0-9-]+\.)*meeting\.huaweicloud\.com/?#/j/(?<id>[0-9]{6,20})\b", RegexOptions.IgnoreCase)]
    private static partial Regex JoinLink();

    [GeneratedRegex(@"(?:会议\s*ID|Meeting\s*ID)\s*[:：]\s*(?<id>[0-9][0-9 \-]{4,30}[0-9])", RegexOptions.IgnoreCase)]
    private static partial Regex InvitationLine();
}
