using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using MeetingBot.Cards;
using MeetingBot.Localization;
using MeetingBot.Sandbox;
using MeetingBot.Tests.Infrastructure;
using MeetingBot.Tests.Slack;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace MeetingBot.Tests.Shutdown;

/// <summary>
/// The shutdown rule through a real process and a real SIGTERM. The bot process calls a Huawei simulator in the test
/// process (<see cref="SlowHuawei"/>) whose slow meeting answers only when the test moves the simulator's fake clock, so
/// the SIGTERM always comes while the activation is in flight (the process logs that it does), and nothing waits real
/// seconds for a slow Huawei. With the default grace period (15 s) the test lets the meeting answer once the shutdown
/// began, and its outcome reaches the user before the process exits; with a grace period of 0.5 s the meeting never
/// answers, and the user is told the bot restarted.
/// </summary>
[Collection(BotProcesses.Name)]
public sealed class TeamsSigtermTests
{
    [Fact]
    public async Task Sigterm_during_a_slow_activation_delivers_its_outcome_to_the_Teams_card_before_the_process_exits()
    {
        await using var huawei = await SlowHuawei.StartAsync();
        await using var connector = await ConnectorListener.StartAsync();
        await using var bot = await BotProcess.StartAsync(huawei.BotSettings(("Bot:InvokeReplyBudget", "00:00:00.300")));

        await ActivateSlowMeetingAsync(bot, connector.ServiceUrl, "card-41");
        await huawei.AnswerDuringShutdownAsync(bot);
        await bot.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, bot.ExitCode);
        var update = SingleUpdate(connector, bot);
        Assert.EndsWith("/activities/card-41", update.Path, StringComparison.Ordinal);
        Assert.True(update.Body!.ToString().Contains(HuaweiSimulatorOptions.SlowRegionIp, StringComparison.Ordinal), $"{update.Body}\n{bot.Output}");
    }

    [Fact]
    public async Task Sigterm_during_an_activation_longer_than_the_grace_period_tells_the_Teams_user_the_bot_restarted()
    {
        await using var huawei = await SlowHuawei.StartAsync();
        await using var connector = await ConnectorListener.StartAsync();
        await using var bot = await BotProcess.StartAsync(huawei.BotSettings(("Bot:InvokeReplyBudget", "00:00:00.300"), SlowHuawei.ShortGracePeriod));

        await ActivateSlowMeetingAsync(bot, connector.ServiceUrl, "card-42");
        await bot.TerminateAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, bot.ExitCode);
        SlowHuawei.AssertTheSigtermCameWhileTheActivationWasInFlight(bot);
        Assert.False(huawei.Answered);
        var update = SingleUpdate(connector, bot);
        Assert.EndsWith("/activities/card-42", update.Path, StringComparison.Ordinal);
        Assert.Equal(BotText.For("en").Format(nameof(Strings.RestartNotice), HuaweiSimulatorOptions.SlowMeetingId), update.Body!.Value<string>("text"));
        Assert.DoesNotContain(HuaweiSimulatorOptions.SlowRegionIp, update.Body.ToString(), StringComparison.Ordinal);
    }

    private static ConnectorCall SingleUpdate(ConnectorListener connector, BotProcess bot)
    {
        var updates = connector.Calls.Where(c => c.Method == "PUT").ToList();
        Assert.True(updates.Count == 1, $"{updates.Count} card updates before the process exited:\n{bot.Output}");
        return updates[0];
    }

    /// <summary>Clicks Activate on a Teams form for the slow meeting and checks the card turned into "activating…".</summary>
    /// <param name="locale">Null: the fixture's, English from its clientInfo entity.</param>
    internal static async Task ActivateSlowMeetingAsync(BotProcess bot, Uri serviceUrl, string cardMessageId, string? locale = null)
    {
        var activity = ActivityFixtures.Load(ActivityFixtures.TeamsInvoke);
        if (locale is not null)
        {
            activity["locale"] = locale;
        }

        activity["serviceUrl"] = serviceUrl.ToString();
        activity["conversation"]!["id"] = $"a:sigterm-{Guid.NewGuid():N}";
        activity["from"]!["id"] = $"29:sigterm-{Guid.NewGuid():N}";
        activity["replyToId"] = cardMessageId;
        activity["value"] = new JObject
        {
            ["action"] = new JObject
            {
                ["type"] = "Action.Execute",
                ["verb"] = CardVerbs.Activate,
                ["data"] = new JObject
                {
                    [CardInputs.MeetingId] = HuaweiSimulatorOptions.SlowMeetingId,
                    [CardInputs.Password] = HuaweiSimulatorOptions.DemoPassword,
                },
            },
            ["trigger"] = "manual",
        };

        using var http = new HttpClient { BaseAddress = bot.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        using var response = await http.PostAsync("/api/messages", new StringContent(activity.ToString(Formatting.None), Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}\n{bot.Output}");
        var activating = BotText.For(locale ?? "en").Format(nameof(Strings.ActivatingTitle), HuaweiSimulatorOptions.SlowMeetingId);
        Assert.Contains(((JObject)JObject.Parse(body)["value"]!).TextBlocks(), t => t.Contains(activating, StringComparison.Ordinal));
    }
}

/// <summary>The same shutdown rule for a Slack slash command: the outcome (or the restart notice) goes to its response_url.</summary>
[Collection(BotProcesses.Name)]
public sealed class SlackSigtermTests
{
    internal const string SigningSecret = "sigterm-test-signing-secret";

    [Fact]
    public async Task Sigterm_during_a_slow_activation_posts_its_outcome_to_response_url_before_the_process_exits()
    {
        await using var huawei = await SlowHuawei.StartAsync();
        await using var hooks = new ResponseUrlListener();
        await hooks.StartAsync();
        await using var bot = await StartAsync(huawei);

        await ActivateSlowMeetingAsync(bot, hooks.NewResponseUrl());
        await huawei.AnswerDuringShutdownAsync(bot);
        await bot.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, bot.ExitCode);
        Assert.True(hooks.TryTakePost(out var post), $"No post reached response_url before the process exited:\n{bot.Output}");
        Assert.True(post!.Body.Contains(HuaweiSimulatorOptions.SlowRegionIp, StringComparison.Ordinal), $"{post.Body}\n{bot.Output}");
        Assert.False(hooks.TryTakePost(out _));
    }

    [Fact]
    public async Task Sigterm_during_an_activation_longer_than_the_grace_period_tells_the_Slack_user_the_bot_restarted()
    {
        await using var huawei = await SlowHuawei.StartAsync();
        await using var hooks = new ResponseUrlListener();
        await hooks.StartAsync();
        await using var bot = await StartAsync(huawei, SlowHuawei.ShortGracePeriod);

        await ActivateSlowMeetingAsync(bot, hooks.NewResponseUrl());
        await bot.TerminateAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, bot.ExitCode);
        SlowHuawei.AssertTheSigtermCameWhileTheActivationWasInFlight(bot);
        Assert.False(huawei.Answered);
        Assert.True(hooks.TryTakePost(out var post), $"No post reached response_url before the process exited:\n{bot.Output}");
        var text = System.Text.Json.JsonDocument.Parse(post!.Body).RootElement.GetProperty("text").GetString();
        Assert.Equal(BotText.For("en").Format(nameof(Strings.RestartNotice), HuaweiSimulatorOptions.SlowMeetingId), text);
        Assert.DoesNotContain(HuaweiSimulatorOptions.SlowRegionIp, post.Body, StringComparison.Ordinal);
    }

    private static Task<BotProcess> StartAsync(SlowHuawei huawei, params (string Key, string Value)[] settings) =>
        BotProcess.StartAsync(huawei.BotSettings(
        [
            ("Slack:SigningSecret", SigningSecret),
            ("Slack:AllowLoopbackResponseUrl", "true"),
            ("Slack:ReplyBudget", "00:00:00.300"),
            .. settings,
        ]));

    internal static async Task ActivateSlowMeetingAsync(BotProcess bot, Uri responseUrl)
    {
        var body = Encoding.UTF8.GetBytes(string.Join('&', new Dictionary<string, string>
        {
            ["team_id"] = "T0SIGTERM1",
            ["user_id"] = $"U{Random.Shared.Next(100000, 999999)}",
            ["command"] = "/activate",
            ["text"] = $"{HuaweiSimulatorOptions.SlowMeetingId} {HuaweiSimulatorOptions.DemoPassword}",
            ["response_url"] = responseUrl.ToString(),
        }.Select(field => $"{field.Key}={Uri.EscapeDataString(field.Value)}")));
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(SigningSecret), (byte[])[.. Encoding.ASCII.GetBytes($"v0:{timestamp}:"), .. body]));

        using var http = new HttpClient { BaseAddress = bot.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/slack/commands") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", signature);
        using var response = await http.SendAsync(request);
        var answer = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {answer}\n{bot.Output}");
        Assert.StartsWith($"Activating meeting {HuaweiSimulatorOptions.SlowMeetingId}", System.Text.Json.JsonDocument.Parse(answer).RootElement.GetProperty("text").GetString(), StringComparison.Ordinal);
    }
}
