namespace MeetingBot.Slack;

// TEMPORARY: stands in for the shared command parser being written on branch `bot` (src/MeetingBot/Commands/).
// Deleted and replaced by it when it reaches main; this is not a second parser to keep.
public enum ChatCommandKind
{
    Unknown,
    Activate,
    Help,
    SignOut,
    Cancel,
}

public sealed record ChatCommand(ChatCommandKind Kind, string? MeetingId = null, string? Password = null);

public interface IChatCommandParser
{
    ChatCommand Parse(string? text);
}

internal sealed class PendingCommandParser : IChatCommandParser
{
    public ChatCommand Parse(string? text)
    {
        var words = (text ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            return new ChatCommand(ChatCommandKind.Help);
        }

        return words[0].TrimStart('/').ToUpperInvariant() switch
        {
            "ACTIVATE" or "START" => new ChatCommand(
                ChatCommandKind.Activate,
                words.Length > 1 ? words[1] : null,
                words.Length > 2 ? words[2] : null),
            "HELP" => new ChatCommand(ChatCommandKind.Help),
            "SIGNOUT" => new ChatCommand(ChatCommandKind.SignOut),
            "CANCEL" => new ChatCommand(ChatCommandKind.Cancel),
            _ => new ChatCommand(ChatCommandKind.Unknown),
        };
    }
}
