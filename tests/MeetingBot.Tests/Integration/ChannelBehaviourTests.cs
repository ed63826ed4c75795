using System.Net;
using System.Text.RegularExpressions;
using MeetingBot.Cards;
using MeetingBot.Meetings.Activation;
using MeetingBot.Sandbox;
using MeetingBot.Testing;
using MeetingBot.Tests.Infrastructure;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Newtonsoft.Json.Linq;

namespace MeetingBot.Tests.Integration;

/// <summary>Welcome, turn errors, Teams Universal Actions and updates, Slack text: each channel the way it expects.</summary>
public partial class ChannelBehaviourTests(SharedBot fixture) : IClassFixture<SharedBot>
{
    private const string MeetingId = HuaweiSimulatorOptions.DemoMeetingId;
    private const string Password = HuaweiSimulatorOptions.DemoPassword;
    private MeetingBotApplication Host => fixture;

    [Theory]
    [InlineData(ActivityFixtures.TeamsInstallPersonal)]
    [InlineData(ActivityFixtures.TeamsInstallTeam)]
    [InlineData(ActivityFixtures.EmulatorConversationUpdate)]
    public async Task Installing_the_bot_sends_the_welcome_card_once(string installFixture)
    {
        var chat = Host.Conversation(installFixture);

        var first = await chat.SendAsync(chat.NewActivity(ActivityTypes.ConversationUpdate));
        var again = await chat.SendAsync(chat.NewActivity(ActivityTypes.ConversationUpdate));

        var welcome = first.SingleCard();
        CardAssert.Valid(welcome);
        Assert.Contains(welcome.TextBlocks(), t => t.Contains("MeetingBot", StringComparison.Ordinal));
        Assert.Empty(again);
    }

    [Fact]
    public async Task Teams_installation_update_after_the_conversation_update_does_not_welcome_twice()
    {
        var chat = Host.Conversation(ActivityFixtures.TeamsInstallationUpdate);
        var installation = chat.NewActivity(ActivityTypes.InstallationUpdate);
        installation["action"] = "add";
        var membersAdded = chat.NewActivity(ActivityTypes.ConversationUpdate);
        membersAdded["membersAdded"] = new JArray(new JObject { ["id"] = installation["recipient"]!["id"] });

        var welcome = await chat.SendAsync(installation);
        var second = await chat.SendAsync(membersAdded);

        Assert.Single(welcome.Cards());
        Assert.Empty(second);
    }

    [Fact]
    public async Task Teams_conversation_and_installation_updates_arriving_together_welcome_once()
    {
        // Replies go over HTTP to a Bot Connector stand-in, as in Teams, which widens the window between the two turns.
        await using var connector = await ConnectorListener.StartAsync();
        var chat = Host.Conversation(ActivityFixtures.TeamsInstallationUpdate).UseServiceUrl(connector.ServiceUrl);
        var installation = chat.NewActivity(ActivityTypes.InstallationUpdate);
        installation["action"] = "add";
        var membersAdded = chat.NewActivity(ActivityTypes.ConversationUpdate);
        membersAdded["membersAdded"] = new JArray(new JObject { ["id"] = installation["recipient"]!["id"] });

        var turns = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => chat.PostAsync(i % 2 == 0 ? installation : membersAdded)));

        Assert.All(turns, turn => Assert.True(turn.IsSuccessStatusCode));
        Assert.Single(connector.Calls, call => call.Method == "POST" && call.Body?["attachments"] is not null);
    }

    [Fact]
    public async Task A_user_joining_a_team_gets_no_welcome()
    {
        var chat = Host.Conversation(ActivityFixtures.TeamsInstallTeam);
        var joined = chat.NewActivity(ActivityTypes.ConversationUpdate);
        joined["membersAdded"] = new JArray(new JObject { ["id"] = "29:someone-else" });

        Assert.Empty(await chat.SendAsync(joined));
    }

    [Fact]
    public async Task Teams_action_execute_invoke_is_answered_with_the_result_card_in_place()
    {
        var chat = Host.Conversation(ActivityFixtures.TeamsInvoke);
        var form = (await chat.SendTextAsync("activate")).SingleCard();

        var (status, body) = await chat.ExecuteAsync((JObject)form["actions"]![0]!, FormInputs.Of(MeetingId, Password));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(200, body!.Value<int>("statusCode"));
        Assert.Equal("application/vnd.microsoft.card.adaptive", body.Value<string>("type"));
        var card = (JObject)body["value"]!;
        CardAssert.Valid(card, Password);
        Assert.Contains(HuaweiSimulatorOptions.DemoRegionIp, card.TextBlocks());
    }

    [Fact]
    public async Task Teams_action_execute_of_a_used_form_is_already_used_and_calls_Huawei_once()
    {
        var chat = Host.Conversation(ActivityFixtures.TeamsInvoke);
        var activate = (JObject)(await chat.SendTextAsync("activate")).SingleCard()["actions"]![0]!;
        var startsBefore = Host.Simulator.StartRequests;

        await chat.ExecuteAsync(activate, FormInputs.Of(MeetingId, Password));
        var (_, body) = await chat.ExecuteAsync(activate, FormInputs.Of(MeetingId, Password));

        Assert.Contains(((JObject)body!["value"]!).TextBlocks(), t => t.Contains("already used", StringComparison.Ordinal));
        Assert.Equal(1, Host.Simulator.StartRequests - startsBefore);
    }

    [Fact]
    public async Task Teams_action_execute_with_wrong_password_replaces_the_form_with_the_error_card_and_try_again_returns_the_form()
    {
        var chat = Host.Conversation(ActivityFixtures.TeamsInvoke);
        var activate = (JObject)(await chat.SendTextAsync("activate")).SingleCard()["actions"]![0]!;

        var (_, error) = await chat.ExecuteAsync(activate, FormInputs.Of(MeetingId, "nope"));
        var errorCard = (JObject)error!["value"]!;
        var (_, form) = await chat.ExecuteAsync((JObject)errorCard["actions"]![0]!);

        Assert.Contains(errorCard.TextBlocks(), t => t.Contains("MMC.111072065", StringComparison.Ordinal));
        Assert.Equal(MeetingId, ((JObject)form!["value"]!).Input(CardInputs.MeetingId).Value<string>("value"));
    }

    [Fact]
    public async Task Teams_action_submit_fallback_replaces_the_form_in_place()
    {
        await using var connector = await ConnectorListener.StartAsync();
        var chat = Host.Conversation(ActivityFixtures.TeamsCardSubmit).UseServiceUrl(connector.ServiceUrl);
        await chat.SendTextAsync("activate");
        var sent = await connector.WaitForAsync(c => c.Method == "POST" && c.Body?["attachments"] is not null);
        var form = (JObject)sent.Body!["attachments"]![0]!["content"]!;

        await chat.ClickAsync(form.Action(CardVerbs.Activate), FormInputs.Of(MeetingId, Password), cardMessageId: "card-1");

        var update = await connector.WaitForAsync(c => c.Method == "PUT");
        Assert.EndsWith("/activities/card-1", update.Path, StringComparison.Ordinal);
        Assert.Contains(HuaweiSimulatorOptions.DemoRegionIp, ((JObject)update.Body!["attachments"]![0]!["content"]!).TextBlocks());
    }

    [Fact]
    public async Task A_failed_update_never_surfaces_the_outcome_arrives_as_a_new_message()
    {
        await using var connector = await ConnectorListener.StartAsync();
        connector.FailUpdates = true;
        var chat = Host.Conversation(ActivityFixtures.TeamsCardSubmit).UseServiceUrl(connector.ServiceUrl);
        await chat.SendTextAsync("activate");
        var form = (JObject)(await connector.WaitForAsync(c => c.Method == "POST" && c.Body?["attachments"] is not null)).Body!["attachments"]![0]!["content"]!;

        await chat.ClickAsync(form.Action(CardVerbs.Activate), FormInputs.Of(MeetingId, Password), cardMessageId: "gone");

        var posted = await connector.WaitForAsync(c => c.Method == "POST" && c.Body?.ToString().Contains(HuaweiSimulatorOptions.DemoRegionIp, StringComparison.Ordinal) == true);
        Assert.Contains(connector.Calls, c => c.Method == "PUT");
        Assert.DoesNotContain(connector.Calls, c => c.Body?.ToString().Contains("went wrong", StringComparison.Ordinal) == true);
        // The new message is the whole result card.
        var result = (JObject)posted.Body!["attachments"]![0]!["content"]!;
        CardAssert.Valid(result, Password);
        Assert.Contains(HuaweiSimulatorOptions.DemoRegionIp, result.TextBlocks());
    }

    [Theory]
    [InlineData(ActivityFixtures.WebChat)]
    [InlineData(ActivityFixtures.Emulator)]
    public async Task Web_Chat_and_Emulator_submits_get_the_outcome_as_a_new_message_and_no_update(string channelFixture)
    {
        await using var connector = await ConnectorListener.StartAsync();
        var chat = Host.Conversation(channelFixture).UseServiceUrl(connector.ServiceUrl);
        await chat.SendTextAsync("activate");
        var form = (JObject)(await connector.WaitForAsync(c => c.Method == "POST" && c.Body?["attachments"] is not null)).Body!["attachments"]![0]!["content"]!;

        await chat.ClickAsync(form.Action(CardVerbs.Activate), FormInputs.Of(MeetingId, Password), cardMessageId: "card-1");

        await connector.WaitForAsync(c => c.Method == "POST" && c.Body?.ToString().Contains(HuaweiSimulatorOptions.DemoRegionIp, StringComparison.Ordinal) == true);
        Assert.DoesNotContain(connector.Calls, c => c.Method == "PUT");
    }

    [Fact]
    public async Task Slack_through_Azure_Bot_Service_gets_text_and_never_a_card()
    {
        var chat = Host.Conversation(ActivityFixtures.Slack);

        var form = await chat.SendTextAsync("@ringo activate");
        var refused = await chat.SendTextAsync($"@ringo activate {MeetingId} {Password}");
        var help = await chat.SendTextAsync("@ringo help");
        var meetings = await chat.SendTextAsync("@ringo meetings");

        // Nothing Azure Bot Service would draw as a button, so the Slack app's interactivity URL can be the bot's own.
        foreach (var replies in new[] { form, refused, help, meetings })
        {
            Assert.Empty(replies.SelectMany(a => a.Attachments ?? []));
            Assert.All(replies, reply => Assert.Null(reply.SuggestedActions));
            Assert.NotEmpty(replies.Texts());
        }

        Assert.Contains(HuaweiSimulatorOptions.HostedUpcomingMeetingId, Assert.Single(meetings.Texts()), StringComparison.Ordinal);

        Assert.Contains("/activate", Assert.Single(form.Texts()), StringComparison.Ordinal);
        Assert.DoesNotContain(Password, string.Join(' ', refused.Texts()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Slack_direct_message_with_id_and_password_activates_and_answers_in_text()
    {
        var chat = Host.Conversation(ActivityFixtures.Slack, a => a["conversation"]!["isGroup"] = false);

        var replies = await chat.SendTextAsync($"activate {MeetingId} {Password}");

        Assert.Contains(HuaweiSimulatorOptions.DemoRegionIp, Assert.Single(replies.Texts()), StringComparison.Ordinal);
        Assert.Empty(replies.SelectMany(a => a.Attachments ?? []));
    }

    [Fact]
    public async Task Teams_slow_Huawei_answers_activating_then_updates_the_card_with_the_outcome()
    {
        // The reply budget, the activation's deadlines and the simulator's slow answer all run on this clock. The test
        // moves it (in small steps) only while the bot waits for Huawei, so nothing sleeps real seconds, and the budget,
        // registered before the simulator's delay, always runs out first.
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await MeetingBotApplication.StartOnClockAsync(time, TimeSpan.FromMilliseconds(300));
        host.Simulator.Options.SlowMeetingDelay = TimeSpan.FromSeconds(2);
        await using var connector = await ConnectorListener.StartAsync();
        var chat = host.Conversation(ActivityFixtures.TeamsInvoke);
        var activate = (JObject)(await chat.SendTextAsync("activate")).SingleCard()["actions"]![0]!;
        chat.UseServiceUrl(connector.ServiceUrl);

        var invoke = chat.ExecuteAsync(activate, FormInputs.Of(HuaweiSimulatorOptions.SlowMeetingId, Password), cardMessageId: "card-7");
        await Poll.UntilAsync(() => host.Simulator.StartRequests == 1, TimeSpan.FromSeconds(60), "the slow start request reaching the simulator");
        // Small steps until each wait is over, because a timer may be registered a moment after the request is seen.
        await time.AdvanceUntilAsync(() => host.Logs.GetSnapshot().Any(r => r.Message.Contains("outlasted", StringComparison.Ordinal)), "the reply budget running out");
        var (status, body) = await invoke.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(((JObject)body!["value"]!).TextBlocks(), t => t.Contains("Activating meeting 986030666", StringComparison.Ordinal));
        Assert.DoesNotContain(connector.Calls, c => c.Method == "PUT");
        await time.AdvanceUntilAsync(() => host.Simulator.Requests.Any(r => r.Endpoint == SimulatorEndpoint.StartConference), "the simulator's slow answer");
        var update = await connector.WaitForAsync(c => c.Method == "PUT", TimeSpan.FromSeconds(60));
        Assert.EndsWith("/activities/card-7", update.Path, StringComparison.Ordinal);
        var card = (JObject)update.Body!["attachments"]![0]!["content"]!;
        CardAssert.Valid(card, Password);
        Assert.Contains(HuaweiSimulatorOptions.SlowRegionIp, card.TextBlocks());
    }

    [Fact]
    public async Task A_turn_whose_caller_closed_the_request_is_one_information_line_not_an_error()
    {
        var stalled = new StalledActivationService();
        await using var host = await MeetingBotApplication.StartAsync(overrides: services => services.Replace(ServiceDescriptor.Singleton<IMeetingActivationService>(stalled)));
        var chat = host.Conversation(ActivityFixtures.Emulator);
        var activity = chat.NewActivity();
        activity["text"] = $"activate {MeetingId} {Password}";
        activity["deliveryMode"] = DeliveryModes.ExpectReplies;
        using var giveUp = new CancellationTokenSource();

        var request = host.Http.PostAsync(new Uri("/api/messages", UriKind.Relative), new StringContent(activity.ToString(), System.Text.Encoding.UTF8, "application/json"), giveUp.Token);
        await Poll.UntilAsync(() => stalled.Started.IsCompleted || request.IsCompleted, TimeSpan.FromSeconds(60), "the activation starting");
        if (!stalled.Started.IsCompleted)
        {
            Assert.Fail($"the turn ended before its activation started: {(await request).StatusCode}\n{host.AllLogText()}");
        }

        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
        await Poll.UntilAsync(
            () => host.Logs.GetSnapshot().Any(r => r.Message.Contains("the caller closed the request", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(60),
            "the adapter noting that the caller left");

        var line = Assert.Single(host.Logs.GetSnapshot(), r => r.Message.Contains("the caller closed the request", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.Null(line.Exception);
        Assert.DoesNotContain(host.Logs.GetSnapshot(), r => r.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task An_exception_in_a_turn_is_apologised_for_with_a_correlation_id_and_the_conversation_still_works()
    {
        var failing = new BuggyActivationService(new InvalidOperationException("bug in the service layer"));
        await using var host = await MeetingBotApplication.StartAsync(overrides: services => services.Replace(ServiceDescriptor.Singleton<IMeetingActivationService>(failing)));
        var chat = host.Conversation(ActivityFixtures.TeamsPersonal);

        var apology = Assert.Single((await chat.SendTextAsync($"activate {MeetingId} {Password}")).Texts());
        var afterwards = (await chat.SendTextAsync("activate")).SingleCard();

        var correlationId = CorrelationId().Match(apology).Groups[1].Value;
        Assert.NotEmpty(correlationId);
        Assert.DoesNotContain("bug in the service layer", apology, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", apology, StringComparison.Ordinal);
        Assert.Equal("Activate a meeting", afterwards.TextBlocks().First());
        var logged = Assert.Single(host.Logs.GetSnapshot(), r => r.Level == LogLevel.Error && r.Message.Contains(correlationId, StringComparison.Ordinal));
        Assert.IsType<InvalidOperationException>(logged.Exception);
    }

    [Fact]
    public async Task An_exception_in_a_Teams_card_action_answers_the_invoke_with_the_apology_card()
    {
        var failing = new BuggyActivationService(new InvalidOperationException("bug"));
        await using var host = await MeetingBotApplication.StartAsync(overrides: services => services.Replace(ServiceDescriptor.Singleton<IMeetingActivationService>(failing)));
        var chat = host.Conversation(ActivityFixtures.TeamsInvoke);
        var activate = (JObject)(await chat.SendTextAsync("activate")).SingleCard()["actions"]![0]!;

        var (status, body) = await chat.ExecuteAsync(activate, FormInputs.Of(MeetingId, Password));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Matches(CorrelationId(), string.Join(' ', ((JObject)body!["value"]!).TextBlocks()));
    }

    [Fact]
    public async Task A_slow_activation_that_fails_with_a_bug_replaces_the_activating_card_with_the_apology()
    {
        // The bug shows only once the invoke has been answered "activating…".
        var answered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var failing = new BuggyActivationService(new InvalidOperationException("late bug"), answered.Task);
        await using var host = await MeetingBotApplication.StartAsync(
            new Dictionary<string, string> { ["Bot:InvokeReplyBudget"] = "00:00:00.100" },
            services => services.Replace(ServiceDescriptor.Singleton<IMeetingActivationService>(failing)));
        await using var connector = await ConnectorListener.StartAsync();
        var chat = host.Conversation(ActivityFixtures.TeamsInvoke);
        var activate = (JObject)(await chat.SendTextAsync("activate")).SingleCard()["actions"]![0]!;
        chat.UseServiceUrl(connector.ServiceUrl);

        var (_, body) = await chat.ExecuteAsync(activate, FormInputs.Of(MeetingId, Password), cardMessageId: "card-9");
        answered.SetResult();

        Assert.Contains(((JObject)body!["value"]!).TextBlocks(), t => t.Contains("Activating", StringComparison.Ordinal));
        var update = await connector.WaitForAsync(c => c.Method == "PUT", TimeSpan.FromSeconds(60));
        var apology = update.Body!.Value<string>("text")!;
        var correlationId = CorrelationId().Match(apology).Groups[1].Value;
        Assert.NotEmpty(correlationId);
        Assert.DoesNotContain("late bug", apology, StringComparison.Ordinal);
        Assert.Contains(host.Logs.GetSnapshot(), r => r.Level == LogLevel.Error && r.Exception is InvalidOperationException && r.Message.Contains(correlationId, StringComparison.Ordinal));
    }

    [GeneratedRegex("quote this id to support: ([0-9a-f]{12})")]
    private static partial Regex CorrelationId();
}
