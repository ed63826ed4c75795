using System.Diagnostics.CodeAnalysis;
using MeetingBot.Commands;

namespace MeetingBot.Channels.Slack;

/// <summary>
/// The fields of Slack's <c>application/x-www-form-urlencoded</c> slash-command request that the bot uses.
/// <see cref="Text"/> may hold a meeting password: never log it or echo it.
/// </summary>
public sealed record SlashCommandPayload
{
    /// <summary>The slash command as typed, for example <c>/activate</c>.</summary>
    public required string Command { get; init; }

    /// <summary>Everything after the command. May contain a password.</summary>
    public required string Text { get; init; }

    public required string TeamId { get; init; }

    public required string UserId { get; init; }

    /// <summary>The user's Slack name (<c>user_name</c>), shared with Huawei as the account name under <c>HuaweiMeeting:ShareProfile</c>.</summary>
    public string? UserName { get; init; }

    /// <summary>Where up to five delayed replies may be posted within 30 minutes.</summary>
    public Uri? ResponseUrl { get; init; }

    /// <summary>Slack occasionally sends <c>ssl_check=1</c> to test the certificate; it is not a command.</summary>
    public bool IsSslCheck { get; init; }

    /// <summary>Never the text (it may hold a password) nor the response URL (a capability to post as the bot).</summary>
    public override string ToString() => $"SlashCommandPayload {{ Command = {Command}, TeamId = {TeamId}, UserId = {UserId} }}";

    /// <summary>
    /// The command the user gave, in the one command grammar, and how commands are typed with this slash command.
    /// <c>/meetingbot signout</c> names the command in the text; <c>/activate 986030665 123456</c> names it in the
    /// slash command itself. The text alone is tried first so <c>/activate help</c> is help, not a meeting ID "help".
    /// A bare umbrella command (<c>/meetingbot</c>) is a request for help.
    /// </summary>
    public (Command Command, SlashCommandSyntax Syntax) ReadCommand()
    {
        var fromCommand = CommandParser.Parse(Command);
        var syntax = new SlashCommandSyntax(Command, fromCommand.Kind == CommandKind.Activate);
        if (string.IsNullOrWhiteSpace(Text))
        {
            return (fromCommand.Kind == CommandKind.Unknown ? new Command(CommandKind.Help) : SlackMeaning(fromCommand), syntax);
        }

        var fromText = CommandParser.Parse(Text);
        return fromText.Kind != CommandKind.Unknown
            ? (SlackMeaning(fromText), syntax)
            : (SlackMeaning(CommandParser.Parse($"{Command} {Text}")), syntax);
    }

    /// <summary>Slack has no form: "activate" with nothing lists the user's meetings, each they host with its one-click button.</summary>
    private static Command SlackMeaning(Command command) =>
        command is { Kind: CommandKind.Activate, MeetingId: null } ? new Command(CommandKind.Meetings) : command;

    public static bool TryParse(ReadOnlySpan<byte> body, [NotNullWhen(true)] out SlashCommandPayload? payload)
    {
        payload = null;
        if (!SlackForm.TryRead(body, out var fields))
        {
            return false;
        }

        if (SlackForm.Field(fields, "ssl_check") == "1")
        {
            payload = new SlashCommandPayload { Command = "", Text = "", TeamId = "", UserId = "", IsSslCheck = true };
            return true;
        }

        var command = SlackForm.Field(fields, "command");
        var teamId = SlackForm.Field(fields, "team_id");
        var userId = SlackForm.Field(fields, "user_id");
        if (string.IsNullOrWhiteSpace(command) || string.IsNullOrWhiteSpace(teamId) || string.IsNullOrWhiteSpace(userId))
        {
            return false;
        }

        payload = new SlashCommandPayload
        {
            Command = command,
            Text = SlackForm.Field(fields, "text") ?? string.Empty,
            TeamId = teamId,
            UserId = userId,
            UserName = SlackForm.Field(fields, "user_name"),
            ResponseUrl = Uri.TryCreate(SlackForm.Field(fields, "response_url"), UriKind.Absolute, out var url) ? url : null,
        };
        return true;
    }
}
