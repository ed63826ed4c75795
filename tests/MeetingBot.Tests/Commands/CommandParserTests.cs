using MeetingBot.Commands;

namespace MeetingBot.Tests.Commands;

public class CommandParserTests
{
    public static TheoryData<string?, CommandKind, string?, string?> Table => new()
    {
        // text, kind, meeting ID, password
        { "activate", CommandKind.Activate, null, null },
        { "Activate", CommandKind.Activate, null, null },
        { "ACTIVATE", CommandKind.Activate, null, null },
        { "/activate", CommandKind.Activate, null, null },
        { "  /activate  ", CommandKind.Activate, null, null },
        { "/ activate", CommandKind.Activate, null, null },
        { "start", CommandKind.Activate, null, null },
        { "start meeting", CommandKind.Activate, null, null },
        { "Start   Meeting", CommandKind.Activate, null, null },
        { "activate meeting 986030665", CommandKind.Activate, "986030665", null },
        { "activate 986030665", CommandKind.Activate, "986030665", null },
        { "/activate 986 030 665", CommandKind.Activate, "986030665", null },
        { "activate 986-030-665", CommandKind.Activate, "986030665", null },
        { "start meeting 986-030-665", CommandKind.Activate, "986030665", null },
        { "activate 986030665 123456", CommandKind.Activate, "986030665", "123456" },
        { "activate 986 030 665 123456", CommandKind.Activate, "986030665", "123456" },
        { "activate 986 030 665 1234", CommandKind.Activate, "986030665", "1234" },
        { "activate 986-030-665 P@ss w0rd", CommandKind.Activate, "986030665", "P@ss w0rd" },
        { "activate 9860306650 secret", CommandKind.Activate, "9860306650", "secret" },
        { "activate 12345", CommandKind.Activate, "12345", null },
        { "<at>MeetingBot</at> activate 986030665", CommandKind.Activate, "986030665", null },
        { "<at>MeetingBot</at>  <at>Other</at> help", CommandKind.Help, null, null },
        { "@ringo activate", CommandKind.Activate, null, null },
        { "<at>MeetingBot</at> /start", CommandKind.Activate, null, null },
        { "help", CommandKind.Help, null, null },
        { "/HELP", CommandKind.Help, null, null },
        { "?", CommandKind.Help, null, null },
        { "help me please", CommandKind.Help, null, null },
        { "", CommandKind.Help, null, null },
        { null, CommandKind.Help, null, null },
        { "<at>MeetingBot</at>", CommandKind.Help, null, null },
        { "signout", CommandKind.SignOut, null, null },
        { "/signout", CommandKind.SignOut, null, null },
        { "sign out", CommandKind.SignOut, null, null },
        { "Log Out", CommandKind.SignOut, null, null },
        { "cancel", CommandKind.Cancel, null, null },
        { "/Cancel", CommandKind.Cancel, null, null },
        // Whole words only.
        { "restart the server", CommandKind.Unknown, null, null },
        { "restart", CommandKind.Unknown, null, null },
        { "starting", CommandKind.Unknown, null, null },
        { "activated", CommandKind.Unknown, null, null },
        { "helpful", CommandKind.Unknown, null, null },
        { "cancellation", CommandKind.Unknown, null, null },
        { "start the server", CommandKind.Unknown, null, null },
        { "please activate 986030665", CommandKind.Unknown, null, null },
        { "hello", CommandKind.Unknown, null, null },
        // Chinese aliases, with or without a space before the ID.
        { "激活", CommandKind.Activate, null, null },
        { "/激活 986030665", CommandKind.Activate, "986030665", null },
        { "激活986030665", CommandKind.Activate, "986030665", null },
        { "启动会议 986 030 665 123456", CommandKind.Activate, "986030665", "123456" },
        { "开始会议", CommandKind.Activate, null, null },
        { "激活会议986-030-665", CommandKind.Activate, "986030665", null },
        { "帮助", CommandKind.Help, null, null },
        { "退出登录", CommandKind.SignOut, null, null },
        { "取消", CommandKind.Cancel, null, null },
        { "激活码", CommandKind.Unknown, null, null },
        { "<at>MeetingBot</at> 激活\u3000986030665", CommandKind.Activate, "986030665", null },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Parses_the_command_grammar(string? text, CommandKind kind, string? meetingId, string? password)
    {
        var command = CommandParser.Parse(text);

        Assert.Equal(kind, command.Kind);
        Assert.Equal(meetingId, command.MeetingId);
        Assert.Equal(password, command.Password);
    }

    [Fact]
    public void A_command_never_prints_its_password()
    {
        var command = CommandParser.Parse("activate 986030665 hunter2-secret");

        Assert.Equal("hunter2-secret", command.Password);
        Assert.DoesNotContain("hunter2-secret", command.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_catalog_names_the_five_canonical_commands()
    {
        Assert.Equal(["activate", "meetings", "help", "signout", "cancel"], CommandCatalog.Names);
        Assert.All(CommandCatalog.Commands, c => Assert.False(string.IsNullOrWhiteSpace(c.Description)));
    }

    [Fact]
    public void Every_catalog_name_and_alias_parses_to_its_own_command()
    {
        foreach (var command in CommandCatalog.Commands)
        {
            foreach (var phrase in command.Aliases.Prepend(command.Name))
            {
                Assert.Equal(command.Kind, CommandParser.Parse(phrase).Kind);
                Assert.Equal(command.Kind, CommandParser.Parse("/" + phrase.ToUpperInvariant()).Kind);
            }
        }
    }
}
