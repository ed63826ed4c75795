using MeetingBot.Localization;
using Newtonsoft.Json.Linq;
using static MeetingBot.Cards.AdaptiveElements;

namespace MeetingBot.Cards;

/// <summary>The short cards between form and outcome: "activating…" and "this form was already used".</summary>
public static class StatusCards
{
    public static JObject Activating(string meetingId, BotText text) => Card(
    [
        Text("⏳ " + text.Format(nameof(Strings.ActivatingTitle), meetingId), TextSize.Medium, bold: true),
        Text(text[nameof(Strings.ActivatingText)], subtle: true),
    ]);

    public static JObject AlreadyUsed(BotText text, CardActionStyle style) => Card(
        [
            Text(text[nameof(Strings.AlreadyUsedTitle)], TextSize.Medium, bold: true),
            Text(text[nameof(Strings.AlreadyUsedText)]),
        ],
        [Action(style, text[nameof(Strings.NewFormButton)], CardVerbs.ShowForm, [], sendsInputs: false)]);
}
