namespace MeetingBot.Meetings.Listing;

/// <summary>
/// One page of the user's meetings, soonest first. <see cref="TotalCount"/> counts every matching meeting;
/// ask for the next page from <see cref="NextOffset"/> while <see cref="HasMore"/>.
/// </summary>
public sealed record MeetingPage(IReadOnlyList<HuaweiMeeting> Meetings, int Offset, int TotalCount, int NextOffset)
{
    public bool HasMore => NextOffset < TotalCount;
}
