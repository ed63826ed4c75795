using MeetingBot.Channels.BotFramework;
using MeetingBot.Localization;
using MeetingBot.Testing;
using MeetingBot.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace MeetingBot.Tests.Security;

/// <summary><c>Slack:AllowedTeams</c> holds for Slack messages through Azure Bot Service as for the slash commands.</summary>
public sealed class SlackAllowedTeamsTests : IAsyncLifetime
{
    private const string FixtureTeam = "T3FH0QAT1OR"; // the team of the Slack direct-message fixture

    private MeetingBotApplication? _host;

    private MeetingBotApplication Host => _host!;

    public async Task InitializeAsync() =>
        _host = await MeetingBotApplication.StartAsync(new Dictionary<string, string> { ["Slack:AllowedTeams:0"] = "T0ALLOWED" });

    public async Task DisposeAsync() => await Host.DisposeAsync();

    [Fact]
    public async Task A_slack_message_from_a_workspace_outside_the_list_is_refused_with_no_Huawei_call()
    {
        var chat = Host.Conversation(ActivityFixtures.SlackDirectMessage);

        var replies = await chat.SendTextAsync("activate 986030665 123456");

        Assert.Equal([BotText.For("en-US")[nameof(Strings.TenantNotAllowed)]], replies.Texts());
        Assert.Equal(0, Host.Simulator.AuthRequests + Host.Simulator.StartRequests);
        Assert.Contains(Host.Logs.GetSnapshot(), r => r.Category == typeof(TenantAllowlistMiddleware).FullName
            && r.Level == LogLevel.Warning && r.Message.Contains("not in Slack:AllowedTeams", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_slack_message_from_a_listed_workspace_is_served()
    {
        var chat = Host.Conversation(ActivityFixtures.SlackDirectMessage, a =>
        {
            a["from"]!["id"] = a["from"]!.Value<string>("id")!.Replace(FixtureTeam, "T0ALLOWED", StringComparison.Ordinal);
            if (a.SelectToken("channelData.SlackMessage.team_id") is { } team)
            {
                team.Replace("T0ALLOWED");
            }
        });

        var replies = await chat.SendTextAsync("help");

        Assert.DoesNotContain(BotText.For("en-US")[nameof(Strings.TenantNotAllowed)], replies.Texts());
        Assert.NotEmpty(replies.Texts());
    }
}
