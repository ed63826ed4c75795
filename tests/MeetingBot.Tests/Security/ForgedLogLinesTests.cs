using System.Net;
using MeetingBot.Sandbox;
using MeetingBot.Testing;
using MeetingBot.Tests.Infrastructure;
using MeetingBot.Tests.Slack;
using Microsoft.Extensions.Logging.Testing;

namespace MeetingBot.Tests.Security;

/// <summary>Ids and names a channel supplies reach the logs cleaned: a forged line break cannot start a log line of its own.</summary>
public class ForgedLogLinesTests
{
    private const string Forged = "2026-11-26T06:40:00Z info: forged-entry";

    [Fact]
    public async Task A_line_break_in_a_Teams_user_id_and_name_never_reaches_a_log_line()
    {
        await using var host = await MeetingBotApplication.StartAsync();
        var chat = host.Conversation(ActivityFixtures.TeamsPersonal, activity =>
        {
            activity["from"]!["id"] = $"29:eve\r\n{Forged}";
            activity["from"]!["name"] = $"Eve\n{Forged}";
        });

        var replies = await chat.SendTextAsync($"activate {HuaweiSimulatorOptions.DemoMeetingId} {HuaweiSimulatorOptions.DemoPassword}");

        Assert.Contains(HuaweiSimulatorOptions.DemoRegionIp, replies.SingleCard().TextBlocks());
        AssertCleaned(host.Logs);
    }

    [Fact]
    public async Task A_line_break_in_a_Slack_user_id_and_team_never_reaches_a_log_line()
    {
        var host = new SlackHost();
        await host.InitializeAsync();
        try
        {
            var form = host.Form("/activate", "help", teamId: $"T0TEAM\n{Forged}");
            form["user_id"] = $"U0EVE\r\n{Forged}";

            using var response = await host.SendCommandAsync(form);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            AssertCleaned(host.Logs);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    /// <summary>The forged value did reach the logs (so the check means something), never after a line break.</summary>
    private static void AssertCleaned(FakeLogCollector logs)
    {
        var values = logs.GetSnapshot()
            .SelectMany(record => (IEnumerable<string?>)[record.Message, .. record.StructuredState?.Select(pair => pair.Value) ?? []])
            .OfType<string>()
            .ToList();
        Assert.Contains(values, value => value.Contains(Forged, StringComparison.Ordinal));
        Assert.DoesNotContain(values, value => value.Contains("\n" + Forged, StringComparison.Ordinal) || value.Contains("\r\n" + Forged, StringComparison.Ordinal));
    }
}
