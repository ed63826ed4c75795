namespace MeetingBot.Commands;

/// <summary>What a typed message asks the bot to do.</summary>
public enum CommandKind
{
    /// <summary>Nothing the bot understands; answered with help.</summary>
    Unknown,
    Activate,

    /// <summary>The user's ongoing and upcoming meetings, each they host with a one-click Activate.</summary>
    Meetings,
    Help,
    SignOut,
    Cancel,
}
