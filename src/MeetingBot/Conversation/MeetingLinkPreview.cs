using MeetingBot.Commands;
using MeetingBot.Meetings;
using MeetingBot.Meetings.Listing;
using MeetingBot.State.Redis;
using Microsoft.Extensions.Options;

namespace MeetingBot.Conversation;

/// <summary>
/// What the card of a pasted Huawei Cloud Meeting join link shows: the meeting ID, and the subject only when the meeting
/// is one of the user's own (they host it or are invited to it: Huawei lists it for them).
/// </summary>
public sealed record MeetingLink(string MeetingId, string? Subject);

/// <summary>
/// Teams link unfurling: reads the meeting ID of a join link (never its suffix, which is no password) and looks the
/// subject up among the meetings of the user who pasted it, within the invoke's reply budget. Huawei failing or slow, the
/// card comes without the subject. Like the shortcuts above the form, this look takes none of the user's attempts.
/// </summary>
public sealed class MeetingLinkPreview(
    [FromKeyedServices(ListingProtection.Uncounted)] IMeetingListService meetings,
    IOptions<BotOptions> options,
    TimeProvider time,
    ILogger<MeetingLinkPreview> logger)
{
    /// <summary>The card's content for <paramref name="url"/>, or null when it is not a Huawei Cloud Meeting join link.</summary>
    public async Task<MeetingLink?> PreviewAsync(ChatUser user, string? url, CancellationToken cancellationToken)
    {
        if (PastedMeeting.MeetingIdInJoinLink(url) is not { } meetingId)
        {
            return null;
        }

        return new MeetingLink(meetingId, await SubjectAsync(user, meetingId, cancellationToken));
    }

    private async Task<string?> SubjectAsync(ChatUser user, string meetingId, CancellationToken cancellationToken)
    {
        using var budget = new CancellationTokenSource(options.Value.InvokeReplyBudget, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
        MeetingQueryResult<HuaweiMeeting> found;
        try
        {
            found = await meetings.FindAsync(user, meetingId, linked.Token);
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            logger.LogInformation("Huawei did not answer for meeting {MeetingId} within the reply budget; its link card goes without the subject", meetingId);
            return null;
        }
        catch (Exception exception) when (StateOutage.Caused(exception))
        {
            logger.LogWarning(exception, "The state store is unreachable; the link card of meeting {MeetingId} goes without the subject", meetingId);
            return null;
        }

        if (found.Value is not { } meeting)
        {
            logger.LogDebug("Meeting {MeetingId} is not one of {UserKey}'s ({Outcome}); its link card goes without the subject", meetingId, user.CacheKey, found.Outcome);
            return null;
        }

        return string.IsNullOrWhiteSpace(meeting.Subject) ? null : meeting.Subject;
    }
}
