using System.Diagnostics;
using System.Text;
using MeetingBot.Cards;
using MeetingBot.Sandbox;
using MeetingBot.Testing;
using MeetingBot.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json.Linq;
using Xunit.Abstractions;

namespace MeetingBot.Tests.Security;

public sealed class ActivityFuzzTests(ITestOutputHelper output)
{
    private const int Seed = 20261126;
    private const int Requests = 1_200;

    private static readonly string[] Templates =
    [
        ActivityFixtures.TeamsPersonal, ActivityFixtures.TeamsChannelMention, ActivityFixtures.TeamsCardSubmit, ActivityFixtures.TeamsInvoke,
        ActivityFixtures.TeamsInstallPersonal, ActivityFixtures.TeamsInstallationUpdate, ActivityFixtures.Emulator,
        ActivityFixtures.EmulatorConversationUpdate, ActivityFixtures.WebChat, ActivityFixtures.DirectLine, ActivityFixtures.Slack,
    ];

    [Fact]
    public async Task Hostile_activities_cause_no_server_error_no_unhandled_exception_no_leaked_secret_and_the_bot_still_activates()
    {
        await using var connector = await ConnectorListener.StartAsync();
        await using var host = await MeetingBotApplication.StartAsync();
        var generator = new HostileActivities(new Random(Seed), [.. Templates.Select(ActivityFixtures.Load)], connector.ServiceUrl.ToString());
        var statuses = new SortedDictionary<int, int>();
        var serverErrors = new List<string>();
        var clock = Stopwatch.StartNew();

        foreach (var body in generator.Generate(Requests))
        {
            using var response = await host.Http.PostAsync(new Uri("/api/messages", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            if (status >= 500 && !IsDeliberate(status, body))
            {
                serverErrors.Add($"{status}: {body[..Math.Min(body.Length, 400)]}");
            }
        }

        output.WriteLine(
            $"{Requests} requests (seed {Seed}) in {clock.Elapsed.TotalSeconds:0.0} s; status counts: {string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}"))}; " +
            $"Huawei calls: {host.Simulator.AuthRequests} auth, {host.Simulator.StartRequests} start");
        Assert.Empty(serverErrors);
        // OnTurnError logs every exception a turn throws at Error: none may have been thrown.
        var errors = host.Logs.GetSnapshot().Where(r => r.Level >= LogLevel.Error || r.Exception is not null).ToList();
        Assert.True(errors.Count == 0, string.Join("\n\n", errors.Take(5).Select(r => $"{r.Category} {r.Level}: {r.Message}\n{r.Exception}")));

        await ActivatesAsync(host);
        AssertNoSecretsLogged(host);
    }

    /// <summary>An invoke the bot does not handle is answered 501 Not Implemented by the Bot Framework, as the protocol says.</summary>
    private static bool IsDeliberate(int status, string body) =>
        status == 501 && JObject.Parse(body).Value<string>("type") == "invoke";

    private static async Task ActivatesAsync(MeetingBotApplication host)
    {
        var chat = host.Conversation(ActivityFixtures.TeamsPersonal);
        var form = (await chat.SendTextAsync("activate")).SingleCard();
        var inputs = new Dictionary<string, string>
        {
            [CardInputs.MeetingId] = HuaweiSimulatorOptions.DemoMeetingId,
            [CardInputs.Password] = HuaweiSimulatorOptions.DemoPassword,
        };

        var result = (await chat.ClickAsync(form.Action(CardVerbs.Activate), inputs)).SingleCard();

        Assert.Contains(HuaweiSimulatorOptions.DemoRegionIp, result.TextBlocks());
    }

    private static void AssertNoSecretsLogged(MeetingBotApplication host)
    {
        string[] secrets = [.. HostileActivities.Passwords, host.Simulator.Options.AppKey, .. host.Simulator.IssuedAccessTokens];
        foreach (var record in host.Logs.GetSnapshot())
        {
            var text = $"{record.Message}|{string.Join('|', record.StructuredState?.Select(kv => kv.Value) ?? [])}|{record.Exception}";
            foreach (var secret in secrets)
            {
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"A secret reached the log {record.Category}: {record.Message}");
            }
        }
    }
}
