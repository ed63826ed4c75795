using System.Globalization;
using MeetingBot.Cards;
using MeetingBot.Channels.BotFramework;
using MeetingBot.Conversation;
using MeetingBot.Localization;
using MeetingBot.Meetings.Activation;
using MeetingBot.Meetings.Listing;
using Newtonsoft.Json.Linq;

namespace MeetingBot.CardDump;

/// <summary>
/// Every card the bot can send, in every variant, with fixed sample data: for schema validation, screenshots and review.
/// Sample data only, so it ships with this tool, not with the bot; the card tests use it too.
/// Names are stable: "form-empty", "error-WrongMeetingIdOrPassword", "help-teams", …; the "-teams" variants use Action.Execute.
/// </summary>
public static class CardGallery
{
    private const string SampleFormId = "00000000000000000000000000000001";
    private const string SampleMeetingId = "986030665";
    private static readonly DateTimeOffset SampleTime = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeZoneInfo SampleZone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    /// <summary>The sandbox's seeded meetings: hosted in progress, hosted upcoming, guest only, hosted in a cloud meeting room.</summary>
    private static readonly HuaweiMeeting[] SampleMeetings =
    [
        new("986030672", "Daily stand-up", SampleTime.AddMinutes(-10), SampleTime.AddMinutes(20), HuaweiMeetingState.InProgress, IsHost: true),
        new("986030671", "Project sync", SampleTime.AddMinutes(30), SampleTime.AddMinutes(90), HuaweiMeetingState.Scheduled, IsHost: true),
        new("986030673", "Partner review", SampleTime.AddHours(2), SampleTime.AddHours(3), HuaweiMeetingState.Scheduled, IsHost: false),
        new("986030674", "Team room: planning", SampleTime.AddHours(3), SampleTime.AddHours(4), HuaweiMeetingState.Scheduled, IsHost: true, CloudMeetingRoomId: "916683232"),
    ];

    public static IReadOnlyList<(string Name, JObject Card)> All(CultureInfo culture)
    {
        var text = new BotText(culture);
        List<(string, JObject)> cards = [];
        foreach (var style in Enum.GetValues<CardActionStyle>())
        {
            var suffix = style == CardActionStyle.Execute ? "-teams" : string.Empty;
            cards.Add(("form-empty" + suffix, FormCard.Build(new FormCardModel(SampleFormId), text, style)));
            cards.Add(("form-prefilled" + suffix, FormCard.Build(new FormCardModel(SampleFormId, SampleMeetingId), text, style)));
            cards.Add(("form-validation-errors" + suffix, FormCard.Build(
                new FormCardModel(SampleFormId, "98603", [InputProblem.MeetingIdWrongLength, InputProblem.PasswordMissing]), text, style)));
            cards.Add(("form-group-password-refused" + suffix, FormCard.Build(
                new FormCardModel(SampleFormId, SampleMeetingId, NoticeKey: "GroupPasswordRefused"), text, style)));
            cards.Add(("already-used" + suffix, StatusCards.AlreadyUsed(text, style)));
            cards.Add(("help" + suffix, HelpCard.Help(text, style)));
            cards.Add(("help-not-understood" + suffix, HelpCard.Help(text, style, notUnderstood: true)));
            cards.Add(("welcome" + suffix, HelpCard.Welcome(text, style)));
            cards.Add(("meetings" + suffix, MeetingListCard.Build(SampleFormId, SampleMeetings, hasMore: true, SampleZone, text, style)));
            cards.Add(("meetings-utc" + suffix, MeetingListCard.Build(SampleFormId, SampleMeetings[..2], hasMore: false, zone: null, text, style)));
            cards.Add(("meetings-none" + suffix, MeetingListCard.Build(SampleFormId, [], hasMore: false, zone: null, text, style)));
            cards.Add(("form-with-shortcuts" + suffix, FormCard.Build(
                new FormCardModel(SampleFormId), text, style, [.. SampleMeetings.Where(m => m.IsHost)], SampleZone)));
            foreach (var outcome in Enum.GetValues<ActivationOutcome>().Where(o => o != ActivationOutcome.Activated))
            {
                cards.Add(($"error-{outcome}{suffix}", ErrorCard.Build(SampleFailure(outcome), text, style)));
            }
        }

        cards.Add(("result", ResultCard.Build(SampleSuccess(), "Megan Bowen", sandbox: false, text)));
        cards.Add(("result-sandbox", ResultCard.Build(SampleSuccess(), "Megan Bowen", sandbox: true, text)));
        cards.Add(("activating", StatusCards.Activating(SampleMeetingId, text)));
        // The one-line answers about the user's meetings, as the renderer makes them.
        foreach (var outcome in Enum.GetValues<MeetingQueryOutcome>().Where(o => o != MeetingQueryOutcome.Succeeded))
        {
            cards.Add(($"meetings-failed-{outcome}", ReplyRenderer.Card(
                new MeetingListFailedReply(outcome, null, "MMC.111070005", "b1946ac92492d2347c6235b4d2611184"), text, CardActionStyle.Submit)));
        }

        // Only Teams unfurls a pasted join link, so its card comes in the Action.Execute style alone.
        cards.Add(("link-teams", MeetingLinkCard.Build(new MeetingLink("986030671", "Project sync"), text, CardActionStyle.Execute)));
        cards.Add(("link-without-subject-teams", MeetingLinkCard.Build(new MeetingLink("986030671", Subject: null), text, CardActionStyle.Execute)));
        cards.Add(("not-host", ReplyRenderer.Card(new NotHostReply("986030673"), text, CardActionStyle.Submit)));
        cards.Add(("already-activated-from-card", ReplyRenderer.Card(new AlreadyActivatedReply("986030671"), text, CardActionStyle.Submit)));
        return cards;
    }

    private static ActivationResult SampleSuccess() => new()
    {
        Outcome = ActivationOutcome.Activated,
        MeetingId = SampleMeetingId,
        RegionIp = "100.94.23.40",
        CompletedAt = SampleTime,
    };

    private static ActivationResult SampleFailure(ActivationOutcome outcome) => new()
    {
        Outcome = outcome,
        MeetingId = SampleMeetingId,
        ErrorCode = outcome switch
        {
            ActivationOutcome.WrongMeetingIdOrPassword => "MMC.111072065",
            ActivationOutcome.InvalidInput or ActivationOutcome.LockedOut or ActivationOutcome.TimedOut
                or ActivationOutcome.TooManyAttempts or ActivationOutcome.TooManyAtOnce => null,
            _ => "MMC.111070005",
        },
        RequestId = outcome is ActivationOutcome.InvalidInput or ActivationOutcome.LockedOut or ActivationOutcome.TooManyAttempts or ActivationOutcome.TooManyAtOnce ? null : "b1946ac92492d2347c6235b4d2611184",
        RetryAfter = outcome is ActivationOutcome.RateLimited or ActivationOutcome.LockedOut or ActivationOutcome.TooManyAttempts ? TimeSpan.FromSeconds(30) : null,
        InputProblems = outcome == ActivationOutcome.InvalidInput ? [InputProblem.MeetingIdNotDigits] : [],
        CompletedAt = SampleTime,
    };
}
