using MeetingBot.Commands;

namespace MeetingBot.Conversation;

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
