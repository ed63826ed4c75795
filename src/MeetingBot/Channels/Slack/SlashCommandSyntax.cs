namespace MeetingBot.Channels.Slack;

/// <summary>
/// How the commands are typed with the slash command the user invoked: <c>/activate 986030665 123456</c> when the
/// Slack command is itself "activate", <c>/meetingbot activate 986030665 123456</c> when it is an umbrella command.
/// </summary>
public sealed record SlashCommandSyntax(string Command, bool CommandIsActivate)
{
    /// <summary>The command the app manifest registers, named to users who are not in a slash command.</summary>
    public static readonly SlashCommandSyntax Default = new("/activate", CommandIsActivate: true);

    public string Activate(string meetingIdPlaceholder, string passwordPlaceholder) =>
        CommandIsActivate
            ? $"{Command} {meetingIdPlaceholder} {passwordPlaceholder}"
            : $"{Command} activate {meetingIdPlaceholder} {passwordPlaceholder}";

    public string SignOut => $"{Command} signout";

    public string Help => $"{Command} help";
}
