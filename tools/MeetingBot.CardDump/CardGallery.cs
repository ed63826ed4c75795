using System.Globalization;
using MeetingBot.Cards;
using MeetingBot.Localization;
using MeetingBot.Meetings.Activation;
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
            foreach (var outcome in Enum.GetValues<ActivationOutcome>().Where(o => o != ActivationOutcome.Activated))
            {
                cards.Add(($"error-{outcome}{suffix}", ErrorCard.Build(SampleFailure(outcome), text, style)));
            }
        }

        cards.Add(("result", ResultCard.Build(SampleSuccess(), "Megan Bowen", sandbox: false, text)));
        cards.Add(("result-sandbox", ResultCard.Build(SampleSuccess(), "Megan Bowen", sandbox: true, text)));
        cards.Add(("activating", StatusCards.Activating(SampleMeetingId, text)));
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
