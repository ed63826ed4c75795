using MeetingBot.Cards;
using MeetingBot.Commands;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace MeetingBot.Bot;

/// <summary>What the user did in this turn, read from the activity once.</summary>
public abstract record TurnInput;

/// <summary>A typed message, parsed by the one command grammar.</summary>
public sealed record TypedCommand(Command Command) : TurnInput;

/// <summary>A button on one of the bot's cards (Action.Submit message or Action.Execute invoke).</summary>
public sealed record CardSubmit(string Verb, string? FormId, string? MeetingId, string? Password, string? PrefillMeetingId) : TurnInput
{
    // Keeps the password out of any log line or assertion message that prints the record.
    public override string ToString() =>
        $"CardSubmit {Verb} form={FormId ?? "-"} meetingId={MeetingId ?? "-"} password={(string.IsNullOrEmpty(Password) ? "-" : "***")}";
}

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
