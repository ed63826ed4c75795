using MeetingBot.Commands;
using MeetingBot.Localization;
using Newtonsoft.Json.Linq;
using static MeetingBot.Cards.AdaptiveElements;

namespace MeetingBot.Cards;

/// <summary>The help card (what the bot does and its commands) and the welcome card sent once per conversation.</summary>
public static class HelpCard
{
    public static JObject Help(BotText text, CardActionStyle style, bool notUnderstood = false)
    {
        List<JObject> body = [];
        if (notUnderstood)
        {
            body.Add(Text(text[nameof(Strings.HelpNotUnderstood)], color: TextColor.Warning));
        }

        body.Add(Text(text[nameof(Strings.HelpTitle)], TextSize.Medium, bold: true));
        body.Add(Text(text[nameof(Strings.HelpIntro)]));
        body.Add(Text(text[nameof(Strings.HelpCommandsHeading)], bold: true));
        body.Add(Facts([.. CommandCatalog.Commands.Select(c => (c.Usage, text["Help_" + c.Name]))]));
        return Card(body, [OpenForm(text, style)]);
    }

    public static JObject Welcome(BotText text, CardActionStyle style) => Card(
        [
            Text("👋 " + text[nameof(Strings.WelcomeTitle)], TextSize.Medium, bold: true),
            Text(text[nameof(Strings.WelcomeText)]),
        ],
        [OpenForm(text, style)]);

    private static JObject OpenForm(BotText text, CardActionStyle style) =>
        Action(style, text[nameof(Strings.OpenFormButton)], CardVerbs.ShowForm, [], primary: true, sendsInputs: false);
}
