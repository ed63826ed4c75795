using MeetingBot.Cards;
using MeetingBot.Sandbox;
using MeetingBot.Testing;
using MeetingBot.Tests.Infrastructure;
using MeetingBot.Tests.Telemetry;
using Microsoft.Bot.Schema;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace MeetingBot.Tests.Security;

/// <summary>
/// The host passwords Huawei hands the bot for one-click activations live only for the call: after every meeting flow
/// (list, one click in Web Chat and Teams, activate by ID, a cloud room's ID, a pasted link and invitation, the form with
/// its shortcuts, a join link unfurled in a Teams group and its Activate clicked by the host), none of them, nor a guest
/// password or an access token, is in a card, a log, a span, a metric or Redis.
/// </summary>
public sealed class MeetingPasswordsStaySecretTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task No_password_or_token_reaches_a_card_a_log_a_span_a_metric_or_Redis_after_the_meeting_flows()
    {
        await redis.FlushAsync();
        var telemetry = new TelemetryCapture();
        await using var host = await MeetingBotApplication.StartAsync(
            new Dictionary<string, string>
            {
                ["Redis:ConnectionString"] = redis.ConnectionString,
                ["Redis:DataProtectionCertificate"] = TestCertificates.DataProtectionPfxBase64(),
            },
            telemetry.Register);
        telemetry.Attach(host.Services);
        var seeded = host.Simulator.Options.ScheduledMeetings;
        string Region(string id) => seeded.Single(m => m.ConferenceId == id).RegionIp;
        var webChat = host.Conversation(ActivityFixtures.WebChat);
        var teams = host.Conversation(ActivityFixtures.TeamsPersonal);
        var replies = new List<Activity>();
        var invokeAnswers = new List<JObject>();

        var list = (await Collect(webChat.SendTextAsync("meetings"))).SingleCard();
        var activated = (await Collect(webChat.ClickAsync(list.OneClickButton(HuaweiSimulatorOptions.HostedUpcomingMeetingId)))).SingleCard();
        await Collect(webChat.ClickAsync(list.OneClickButton(HuaweiSimulatorOptions.HostedUpcomingMeetingId)));
        var teamsList = (await Collect(teams.SendTextAsync("my meetings"))).SingleCard();
        var (_, teamsAnswer) = await teams.ExecuteAsync(teamsList.OneClickButton(HuaweiSimulatorOptions.HostedInProgressMeetingId));
        invokeAnswers.Add(teamsAnswer!);
        var byRoom = (await Collect(webChat.SendTextAsync("activate " + HuaweiSimulatorOptions.CloudMeetingRoomId))).SingleCard();
        var guestForm = (await Collect(webChat.SendTextAsync("activate " + HuaweiSimulatorOptions.GuestMeetingId))).SingleCard();
        var pasted = (await Collect(teams.SendTextAsync("https://meeting.huaweicloud.com/#/j/986030672/k3Yz9Q"))).SingleCard();
        var invitation = seeded.Single(m => m.ConferenceId == HuaweiSimulatorOptions.GuestMeetingId);
        await Collect(webChat.SendTextAsync($"会议ID：986 030 673\n会议密码：{invitation.GuestPassword}"));
        var form = (await Collect(webChat.SendTextAsync("activate"))).SingleCard();
        await using var connector = await ConnectorListener.StartAsync();
        var group = host.Conversation(ActivityFixtures.TeamsQueryLink).UseServiceUrl(connector.ServiceUrl);
        var (_, unfurled) = await group.QueryLinkAsync($"https://meeting.huaweicloud.com/#/j/{HuaweiSimulatorOptions.HostedUpcomingMeetingId}/k3Yz9Q");
        invokeAnswers.Add(unfurled!);
        var linkCard = (JObject)unfurled!["composeExtension"]!["attachments"]![0]!["content"]!;
        var (_, clicked) = await group.ExecuteAsync(linkCard.Action(CardVerbs.ActivateMeeting));
        invokeAnswers.Add(clicked!);
        var privateOutcome = await connector.WaitForAsync(c => c.Method == "POST" && c.Body?["attachments"] is not null);

        // The flows did what they should: the secrets scan below looks at real outcomes.
        Assert.Contains(Region(HuaweiSimulatorOptions.HostedUpcomingMeetingId), activated.TextBlocks());
        Assert.Contains(Region(HuaweiSimulatorOptions.HostedInProgressMeetingId), ((JObject)teamsAnswer!["value"]!).TextBlocks());
        Assert.Contains(Region(HuaweiSimulatorOptions.CloudRoomMeetingId), byRoom.TextBlocks());
        Assert.Equal(HuaweiSimulatorOptions.GuestMeetingId, guestForm.Input(CardInputs.MeetingId).Value<string>("value"));
        Assert.Contains(Region(HuaweiSimulatorOptions.HostedInProgressMeetingId), pasted.TextBlocks());
        Assert.NotEmpty(form.OneClickButtons());
        Assert.Contains(Region(HuaweiSimulatorOptions.HostedUpcomingMeetingId), ((JObject)privateOutcome.Body!["attachments"]![0]!["content"]!).TextBlocks());

        string[] secrets =
        [
            .. seeded.SelectMany(m => new[] { m.ChairPassword, m.GuestPassword }),
            .. host.Simulator.IssuedAccessTokens,
            host.Simulator.Options.AppKey,
            "k3Yz9Q",
        ];
        Assert.NotEmpty(host.Simulator.IssuedAccessTokens);
        var cards = JsonConvert.SerializeObject(replies) + string.Join('\n', invokeAnswers.Select(a => a.ToString()))
            + string.Join('\n', connector.Calls.Select(c => c.Body?.ToString()));
        var logs = host.AllLogText();
        var exported = string.Join('\n', telemetry.AllExportedText());
        var dump = await RedisDump.AllAsync(redis.ConnectionString);
        var stored = string.Join('\n', dump.Select(entry => $"{entry.Key}={entry.Value}"));
        Assert.Contains(HuaweiSimulatorOptions.HostedUpcomingMeetingId, logs, StringComparison.Ordinal); // the scans do see text
        Assert.Contains(HuaweiSimulatorOptions.HostedUpcomingMeetingId, exported, StringComparison.Ordinal);
        Assert.Contains(dump.Keys, key => key.StartsWith("meetingbot:state:", StringComparison.Ordinal));
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, cards, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, logs, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, exported, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, stored, StringComparison.Ordinal);
        }

        async Task<IReadOnlyList<Activity>> Collect(Task<IReadOnlyList<Activity>> turn)
        {
            var answer = await turn;
            replies.AddRange(answer);
            return answer;
        }
    }
}
