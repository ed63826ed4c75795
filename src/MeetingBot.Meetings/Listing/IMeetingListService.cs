namespace MeetingBot.Meetings.Listing;

/// <summary>
/// The chat user's own Huawei Cloud Meetings, read with their own access token (the one activations use): the list, one
/// meeting, and the host password for starting one without typing it. Expected failures come back as typed results.
/// </summary>
public interface IMeetingListService
{
    /// <summary>One page of the user's meetings that have not ended, soonest first.</summary>
    Task<MeetingQueryResult<MeetingPage>> ListAsync(ChatUser user, MeetingListQuery query, CancellationToken cancellationToken);

    /// <summary>One of the user's meetings by its <see cref="HuaweiMeeting.ConferenceId"/>.</summary>
    Task<MeetingQueryResult<HuaweiMeeting>> FindAsync(ChatUser user, string conferenceId, CancellationToken cancellationToken);

    /// <summary>
    /// The meeting's host password, read from Huawei now (never from an earlier list): ask only when starting, hand it to
    /// <see cref="Activation.IMeetingActivationService.ActivateAsync"/>, keep it nowhere. <see cref="MeetingQueryOutcome.NotHost"/>
    /// when the user is only a guest.
    /// </summary>
    Task<MeetingQueryResult<ChairPassword>> GetChairPasswordAsync(ChatUser user, string conferenceId, CancellationToken cancellationToken);
}
