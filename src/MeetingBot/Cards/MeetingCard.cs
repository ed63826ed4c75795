using MeetingBot.Localization;
using MeetingBot.Meetings.Listing;
using Newtonsoft.Json.Linq;
using static MeetingBot.Cards.AdaptiveElements;

namespace MeetingBot.Cards;

/// <summary>
/// One of the user's meetings as the cards show it: subject, start in the user's time zone (or UTC, labelled), meeting
/// ID and whether it is in progress; for a meeting the user hosts, a one-click Activate that carries the meeting ID and
/// the card's id, never a password.
/// </summary>
public static class MeetingCard
{
    public static JObject Item(HuaweiMeeting meeting, string cardId, TimeZoneInfo? zone, BotText text, CardActionStyle style)
    {
        var state = text[meeting.State == HuaweiMeetingState.InProgress ? nameof(Strings.MeetingInProgress) : nameof(Strings.MeetingScheduled)];
        List<JObject> items =
        [
            Text(string.IsNullOrWhiteSpace(meeting.Subject) ? text[nameof(Strings.MeetingNoSubject)] : meeting.Subject, bold: true),
            Text(text.Format(nameof(Strings.MeetingLine), StartTime(meeting.StartsAt, zone, text), meeting.DisplayId, state), subtle: true),
        ];
        items.Add(meeting.IsHost
            ? ActionSet(OneClickButton(meeting, cardId, text, style))
            : Text(text[nameof(Strings.MeetingGuestOnly)], subtle: true, size: TextSize.Small));
        return Container(items);
    }

    public static JObject OneClickButton(HuaweiMeeting meeting, string cardId, BotText text, CardActionStyle style, string? title = null) =>
        Action(
            style,
            title ?? text[nameof(Strings.ActivateHostedButton)],
            CardVerbs.OneClick,
            new JObject { [CardData.FormId] = cardId, [CardInputs.MeetingId] = meeting.ConferenceId },
            primary: true,
            sendsInputs: false);

    /// <summary>When the meeting starts, in <paramref name="zone"/> with its offset, or in UTC, labelled so.</summary>
    public static string StartTime(DateTimeOffset startsAt, TimeZoneInfo? zone, BotText text)
    {
        var format = text[nameof(Strings.MeetingTimeFormat)];
        if (zone is null)
        {
            return text.Format(nameof(Strings.MeetingTimeUtc), startsAt.UtcDateTime.ToString(format, text.Culture));
        }

        var local = TimeZoneInfo.ConvertTime(startsAt, zone);
        var offset = local.Offset;
        var label = $"UTC{(offset < TimeSpan.Zero ? "-" : "+")}{offset.Duration():hh\\:mm}";
        return text.Format(nameof(Strings.MeetingTimeInZone), local.ToString(format, text.Culture), label);
    }
}

/// <summary>The user's ongoing and upcoming meetings, soonest first, each they host with a one-click Activate.</summary>
public static class MeetingListCard
{
    public static JObject Build(string cardId, IReadOnlyList<HuaweiMeeting> meetings, bool hasMore, TimeZoneInfo? zone, BotText text, CardActionStyle style)
    {
        List<JObject> body = [Text(text[nameof(Strings.MeetingsTitle)], TextSize.Medium, bold: true)];
        if (meetings.Count == 0)
        {
            body.Add(Text(text[nameof(Strings.MeetingsNone)]));
            return Card(body);
        }

        body.Add(Text(text[nameof(Strings.MeetingsIntro)], subtle: true));
        body.AddRange(meetings.Select(meeting => MeetingCard.Item(meeting, cardId, zone, text, style)));
        if (hasMore)
        {
            body.Add(Text(text[nameof(Strings.MeetingsMore)], subtle: true, separator: true));
        }

        return Card(body);
    }
}

/// <summary>Why the user's meetings could not be read, and what to try: the same words on every channel.</summary>
public static class MeetingListFailureText
{
    public static string For(MeetingQueryOutcome outcome, string? requestId, BotText text)
    {
        var sentence = outcome switch
        {
            MeetingQueryOutcome.RateLimited => text[nameof(Strings.MeetingsFailed_RateLimited)],
            MeetingQueryOutcome.TooManyAttempts => text[nameof(Strings.MeetingsFailed_TooManyAttempts)],
            MeetingQueryOutcome.OrganisationNotConnected => text[nameof(Strings.MeetingsFailed_NotConnected)],
            MeetingQueryOutcome.NotPermitted => text[nameof(Strings.MeetingsFailed_NotPermitted)],
            _ => $"{text[nameof(Strings.MeetingsFailed_What)]} {text[nameof(Strings.MeetingsFailed_TryLater)]}",
        };
        return string.IsNullOrEmpty(requestId) ? sentence : $"{sentence} {text.Format(nameof(Strings.RequestId), requestId)}";
    }
}
