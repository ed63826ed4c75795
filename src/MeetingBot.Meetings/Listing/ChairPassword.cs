namespace MeetingBot.Meetings.Listing;

/// <summary>
/// A meeting's host (chair) password, read from Huawei the moment the user starts the meeting
/// (<see cref="IMeetingListService.GetChairPasswordAsync"/>), to be handed straight to the start and then dropped:
/// never kept in bot state, a card, a log or telemetry. The value sits behind <see cref="Reveal"/> rather than a property,
/// so serializers (bot state, JSON logs) see only <see cref="ConferenceId"/>, and <see cref="ToString"/> never shows it.
/// </summary>
public sealed class ChairPassword
{
    private readonly string _value;

    internal ChairPassword(string conferenceId, string value)
    {
        ConferenceId = conferenceId;
        _value = value;
    }

    /// <summary>The meeting the password starts.</summary>
    public string ConferenceId { get; }

    /// <summary>The password itself, for the start call only.</summary>
    public string Reveal() => _value;

    public override string ToString() => $"ChairPassword {{ ConferenceId = {ConferenceId} }}";
}
