namespace MeetingBot.Cards;

/// <summary>Input ids on the form card; the code that reads a submit uses the same constants.</summary>
public static class CardInputs
{
    public const string MeetingId = "meetingId";
    public const string Password = "meetingPassword";
}

/// <summary>The verbs of the bot's card actions (<c>Action.Execute</c> verb, or <see cref="CardData.Verb"/> in <c>Action.Submit</c> data).</summary>
public static class CardVerbs
{
    public const string Activate = "activate";
    public const string Cancel = "cancel";

    /// <summary>Bring back the form ("Try again", "New form", "Activate a meeting").</summary>
    public const string ShowForm = "showForm";

    /// <summary>Activate a meeting the user hosts, from a list card: its data carries the meeting ID and the card's id, never a password.</summary>
    public const string OneClick = "oneClickActivate";

    /// <summary>Activate the meeting of a link (Teams link unfurling): as its host when the user hosts it, else the form.</summary>
    public const string ActivateMeeting = "activateMeeting";

    public static IReadOnlyList<string> All { get; } = [Activate, Cancel, ShowForm, OneClick, ActivateMeeting];
}

/// <summary>Keys of the data the bot puts on its card actions (merged with the inputs when a card is submitted).</summary>
public static class CardData
{
    /// <summary>Marks a submit as ours and says what it asks for (Action.Submit carries no verb of its own).</summary>
    public const string Verb = "meetingBotVerb";

    /// <summary>The form instance id, so a second submit of the same form is recognised.</summary>
    public const string FormId = "formId";

    /// <summary>The meeting ID to prefill when the form comes back ("Try again").</summary>
    public const string PrefillMeetingId = "prefillMeetingId";
}

/// <summary>How a card's buttons reach the bot.</summary>
public enum CardActionStyle
{
    /// <summary><c>Action.Submit</c>: Web Chat, Direct Line, the Emulator (a message with a value).</summary>
    Submit,

    /// <summary>Teams Universal Actions: <c>Action.Execute</c> (an invoke the bot answers with a card) with an <c>Action.Submit</c> fallback.</summary>
    Execute,
}
