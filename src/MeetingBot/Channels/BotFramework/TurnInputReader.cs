using MeetingBot.Cards;
using MeetingBot.Commands;
using MeetingBot.Conversation;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace MeetingBot.Channels.BotFramework;

/// <summary>Reads what the user did from a Bot Framework activity, once.</summary>
public static class TurnInputReader
{
    /// <summary>A message: a card submit when its value carries our verb, otherwise typed text.</summary>
    public static TurnInput FromMessage(IMessageActivity activity) =>
        activity.Value is JObject value && Text(value, CardData.Verb) is { } verb
            ? FromData(verb, value)
            : new TypedCommand(CommandParser.Parse(activity.Text));

    /// <summary>A Universal Action: the verb is the action's own; the data carries the form id and the inputs.</summary>
    public static TurnInput FromExecute(AdaptiveCardInvokeAction action)
    {
        var data = action.Data as JObject ?? (action.Data is null ? [] : JObject.FromObject(action.Data));
        var verb = action.Verb ?? Text(data, CardData.Verb) ?? string.Empty;
        return FromData(verb, data);
    }

    private static CardSubmit FromData(string verb, JObject data) => new(
        verb,
        Text(data, CardData.FormId),
        Text(data, CardInputs.MeetingId),
        Text(data, CardInputs.Password),
        Text(data, CardData.PrefillMeetingId));

    private static string? Text(JObject data, string key) => LenientJson.Text(data[key]);
}
