namespace MeetingBot.Commands;

/// <summary>What a typed message asks the bot to do.</summary>
public enum CommandKind
{
    /// <summary>Nothing the bot understands; answered with help.</summary>
    Unknown,
    Activate,
    Help,
    SignOut,
    Cancel,
}
