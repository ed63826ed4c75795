using MeetingBot.Meetings.Protection;

namespace MeetingBot.Meetings.Listing;

/// <summary>
/// A list of the user's meetings counts toward their limits as an activation does (<see cref="IActivationGuard"/>: attempts
/// per minute, one request of the user's at a time) but is never a password guess: its answer never counts toward the
/// lockout. Looking up one meeting's host password is not counted here: the activation it is for is.
/// </summary>
public sealed class ListingProtection(IMeetingListService inner, IActivationGuard guard) : IMeetingListService
{
    /// <summary>What the guard is told the attempt is about (no meeting has this ID, so no meeting's lockout applies).</summary>
    public const string ListingSubject = "meeting-list";

    public async Task<MeetingQueryResult<MeetingPage>> ListAsync(ChatUser user, MeetingListQuery query, CancellationToken cancellationToken)
    {
        var admission = await guard.AdmitAsync(user, ListingSubject, cancellationToken);
        if (admission.Turn is not { } turn)
        {
            return new MeetingQueryResult<MeetingPage> { Outcome = MeetingQueryOutcome.TooManyAttempts, RetryAfter = admission.RetryAfter };
        }

        await using (turn)
        {
            var page = await inner.ListAsync(user, query, cancellationToken);
            await turn.RecordAsync(GuessVerdict.Unknown);
            return page;
        }
    }

    public Task<MeetingQueryResult<HuaweiMeeting>> FindAsync(ChatUser user, string conferenceId, CancellationToken cancellationToken) =>
        inner.FindAsync(user, conferenceId, cancellationToken);

    public Task<MeetingQueryResult<ChairPassword>> GetChairPasswordAsync(ChatUser user, string conferenceId, CancellationToken cancellationToken) =>
        inner.GetChairPasswordAsync(user, conferenceId, cancellationToken);
}
