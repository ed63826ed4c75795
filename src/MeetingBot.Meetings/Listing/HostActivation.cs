using MeetingBot.Meetings.Activation;

namespace MeetingBot.Meetings.Listing;

/// <summary>What became of a one-click activation: started (or refused by Huawei), or why it could not even be tried.</summary>
public abstract record HostActivationOutcome
{
    /// <summary>Huawei gave the host password and the activation ran: its result, activated or not.</summary>
    public sealed record Attempted(ActivationResult Result) : HostActivationOutcome;

    /// <summary>The user does not host the meeting (or it is not among their meetings): they need the password.</summary>
    public sealed record NotTheHost(string MeetingId) : HostActivationOutcome;

    /// <summary>Huawei could not say (down, slow, rate limited, the organisation not connected…).</summary>
    public sealed record Unanswered(string MeetingId, MeetingQueryResult<ChairPassword> Failure) : HostActivationOutcome;
}

/// <summary>
/// Starts one of the user's own meetings without a typed password: asks Huawei for the meeting's host password (which
/// Huawei gives the host only), and activates with it at once through the activation core; the password lives only for
/// that call. A cloud meeting room's ID (what people often paste) is resolved to the meeting held in it through the
/// user's meeting list first.
/// </summary>
public sealed class HostActivation(IMeetingListService meetings, IMeetingActivationService activation)
{
    public async Task<HostActivationOutcome> ActivateAsync(ChatUser user, string meetingId, CancellationToken cancellationToken)
    {
        var password = await meetings.GetChairPasswordAsync(user, meetingId, cancellationToken);
        if (password.Outcome == MeetingQueryOutcome.MeetingNotFound
            && await MeetingInRoomAsync(user, meetingId, cancellationToken) is { } inRoom)
        {
            password = await meetings.GetChairPasswordAsync(user, inRoom.ConferenceId, cancellationToken);
        }

        switch (password.Outcome)
        {
            case MeetingQueryOutcome.Succeeded:
                var chair = password.Value!;
                if (MeetingCredentials.FromHuawei(chair.ConferenceId, chair.Reveal()) is not { } credentials)
                {
                    return new HostActivationOutcome.NotTheHost(meetingId);
                }

                return new HostActivationOutcome.Attempted(await activation.ActivateAsync(user, credentials, cancellationToken));
            case MeetingQueryOutcome.NotHost or MeetingQueryOutcome.MeetingNotFound or MeetingQueryOutcome.InvalidInput:
                return new HostActivationOutcome.NotTheHost(meetingId);
            default:
                return new HostActivationOutcome.Unanswered(meetingId, password);
        }
    }

    /// <summary>The user's meeting held in the cloud meeting room <paramref name="roomId"/>, if one is listed.</summary>
    private async Task<HuaweiMeeting?> MeetingInRoomAsync(ChatUser user, string roomId, CancellationToken cancellationToken)
    {
        var found = await meetings.ListAsync(user, new MeetingListQuery { SearchKey = roomId }, cancellationToken);
        return found.Value?.Meetings.FirstOrDefault(meeting => meeting.CloudMeetingRoomId == roomId);
    }
}
