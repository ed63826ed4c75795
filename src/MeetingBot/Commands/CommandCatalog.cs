namespace MeetingBot.Commands;

/// <summary>One command as the bot advertises it (help card, Teams manifest command lists, Slack).</summary>
/// <param name="Name">The canonical name users type.</param>
/// <param name="Kind">What the command does.</param>
/// <param name="Usage">How to type it, with arguments.</param>
/// <param name="Description">A short English description (the manifest's).</param>
/// <param name="Aliases">Other words and phrases that mean the same command (English and Chinese).</param>
public sealed record CommandInfo(string Name, CommandKind Kind, string Usage, string Description, IReadOnlyList<string> Aliases);

/// <summary>The canonical command list. The Teams manifest and the help card are checked against it.</summary>
public static class CommandCatalog
{
    public const string Activate = "activate";
    public const string Meetings = "meetings";
    public const string Help = "help";
    public const string SignOut = "signout";
    public const string Cancel = "cancel";

    public static IReadOnlyList<CommandInfo> Commands { get; } =
    [
        new(Activate, CommandKind.Activate, "activate [meeting ID] [password]", "Start a Huawei Cloud Meeting and get its region IP",
            ["start", "start meeting", "activate meeting", "激活", "激活会议", "启动", "启动会议", "开始会议"]),
        new(Meetings, CommandKind.Meetings, "meetings", "List my upcoming meetings; start one I host in one click",
            ["my meetings", "upcoming", "list", "我的会议", "会议列表"]),
        new(Help, CommandKind.Help, "help", "Show what the bot can do", ["?", "帮助"]),
        new(SignOut, CommandKind.SignOut, "signout", "Forget my cached Huawei sign-in now", ["sign out", "logout", "log out", "退出登录", "登出"]),
        new(Cancel, CommandKind.Cancel, "cancel", "Cancel the open activation form", ["取消"]),
    ];

    /// <summary>The canonical command names, in catalog order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Commands.Select(c => c.Name)];

    public static CommandInfo Get(CommandKind kind) => Commands.Single(c => c.Kind == kind);
}
