using MeetingBot.Conversation;
using MeetingBot.Localization;
using Newtonsoft.Json.Linq;
using static MeetingBot.Cards.AdaptiveElements;

namespace MeetingBot.Cards;

/// <summary>
/// The card a pasted Huawei Cloud Meeting join link unfurls into (Teams link unfurling): "Huawei Cloud Meeting &lt;ID&gt;",
/// the subject when the one who pasted it may see it, and an Activate button whose data is the meeting ID alone.
/// </summary>
public static class MeetingLinkCard
{
    public static JObject Build(MeetingLink link, BotText text, CardActionStyle style)
    {
        List<JObject> body = [Text(text.Format(nameof(Strings.LinkCardTitle), link.MeetingId), TextSize.Medium, bold: true)];
        if (link.Subject is { } subject)
        {
            body.Add(Text(subject));
        }

        body.Add(Text(text[nameof(Strings.LinkCardHint)], TextSize.Small, subtle: true));
        var activate = Action(
            style,
            text[nameof(Strings.ActivateButton)],
            CardVerbs.ActivateMeeting,
            new JObject { [CardInputs.MeetingId] = link.MeetingId },
            primary: true,
            sendsInputs: false);
        return Card(body, [activate]);
    }
}
