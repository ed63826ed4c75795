namespace MeetingBot.Commands;

/// <summary>A parsed command. <see cref="MeetingId"/> is normalized (no spaces or dashes); never log <see cref="Password"/>.</summary>
public sealed record Command(CommandKind Kind, string? MeetingId = null, string? Password = null)
{
    public static readonly Command Unknown = new(CommandKind.Unknown);

    public bool HasPassword => !string.IsNullOrEmpty(Password);

    // The password must never reach a log line through a record's generated ToString.
    public override string ToString() => $"{Kind} meetingId={MeetingId ?? "-"} password={(HasPassword ? "***" : "-")}";
}
