using MeetingBot.Localization;
using MeetingBot.Meetings.Activation;
using MeetingBot.Meetings.Listing;
using Newtonsoft.Json.Linq;
using static MeetingBot.Cards.AdaptiveElements;

namespace MeetingBot.Cards;

/// <summary>What the activation form shows: never a password.</summary>
/// <param name="FormId">This form instance's id; a second submit of it is refused.</param>
/// <param name="MeetingId">The meeting ID to prefill, if any.</param>
/// <param name="Problems">Why the last submit was refused (shown on the card's terms).</param>
/// <param name="NoticeKey">A resource key for a notice above the form (for example why a typed password was ignored).</param>
public sealed record FormCardModel(string FormId, string? MeetingId = null, IReadOnlyList<InputProblem>? Problems = null, string? NoticeKey = null);

/// <summary>The activation form: meeting ID (prefilled when known), masked password, Activate and Cancel.</summary>
public static class FormCard
{
    /// <summary>Digits with optional spaces and dashes; the full rules are <see cref="MeetingInput"/>'s.</summary>
    public const string MeetingIdPattern = @"^\s*[0-9][0-9 \-]*\s*$";

    /// <param name="shortcuts">The user's next hosted meetings, offered as one-click buttons above the form.</param>
    public static JObject Build(
        FormCardModel model, BotText text, CardActionStyle style, IReadOnlyList<HuaweiMeeting>? shortcuts = null, TimeZoneInfo? zone = null)
    {
        List<JObject> body = [Text(text[nameof(Strings.FormTitle)], TextSize.Medium, bold: true)];
        if (shortcuts is { Count: > 0 })
        {
            body.Add(Text(text[nameof(Strings.NextMeetingsHeading)], bold: true));
            body.AddRange(shortcuts.Select(meeting => MeetingCard.Item(meeting, model.FormId, zone, text, style)));
            body.Add(Container([Text(text[nameof(Strings.FormIntro)], subtle: true)]));
        }
        else
        {
            body.Add(Text(text[nameof(Strings.FormIntro)], subtle: true));
        }

        if (model.NoticeKey is not null)
        {
            body.Insert(1, Text(text[model.NoticeKey], color: TextColor.Warning));
        }

        var problems = model.Problems ?? [];
        if (problems.Count > 0)
        {
            body.Add(Text(text[nameof(Strings.FormProblemsHeading)], bold: true, color: TextColor.Attention));
            body.AddRange(problems.Select(p => Text("• " + text["Problem_" + p], color: TextColor.Attention)));
        }

        body.Add(TextInput(
            CardInputs.MeetingId,
            text[nameof(Strings.MeetingIdLabel)],
            text[nameof(Strings.MeetingIdPlaceholder)],
            text[nameof(Strings.MeetingIdError)],
            value: model.MeetingId,
            regex: MeetingIdPattern,
            maxLength: 40));
        body.Add(TextInput(
            CardInputs.Password,
            text[nameof(Strings.PasswordLabel)],
            text[nameof(Strings.PasswordPlaceholder)],
            text[nameof(Strings.PasswordError)],
            password: true,
            maxLength: MeetingInput.MaxPasswordLength));

        var data = new JObject { [CardData.FormId] = model.FormId };
        return Card(
            body,
            [
                Action(style, text[nameof(Strings.ActivateButton)], CardVerbs.Activate, data, primary: true),
                Action(style, text[nameof(Strings.CancelButton)], CardVerbs.Cancel, data, sendsInputs: false),
            ]);
    }
}
