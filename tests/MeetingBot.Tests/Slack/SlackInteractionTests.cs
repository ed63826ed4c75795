using System.Net;
using System.Text.Json;
using MeetingBot.Channels.Slack;
using MeetingBot.Sandbox;

namespace MeetingBot.Tests.Slack;

/// <summary>
/// The Slack meeting list and its Activate buttons end to end: <c>/activate</c> through the real host on Kestrel, a click
/// signed as Slack signs it to <c>POST /api/slack/interactions</c>, the sandbox Huawei simulator as a real listener (it
/// starts a listed meeting only with its chair password, random per instance), and the answers posted to a loopback
/// stand-in for hooks.slack.com. Each test clicks as a Slack user of its own.
/// </summary>
public class SlackInteractionTests(SlackHost host) : IClassFixture<SlackHost>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    private IEnumerable<string> Passwords => host.Huawei.Options.ScheduledMeetings.SelectMany(m => new[] { m.ChairPassword, m.GuestPassword });

    private async Task<JsonElement> ListAsync(string userId)
    {
        using var response = await host.SendCommandAsync(host.Form("/activate", "", userId: userId));
        return await SlackCommandEndpointTests.EphemeralReplyAsync(response);
    }

    private async Task<JsonElement> ClickAsync(SlackClicks.Button button, string userId, Uri responseUrl)
    {
        using var response = await host.SendClickAsync(SlackClicks.Body(button, responseUrl, userId: userId));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        return JsonDocument.Parse((await host.SlackHooks.NextPostToAsync(responseUrl, Wait)).Body).RootElement;
    }

    private static string Text(JsonElement message) => SlackRepliesTests.AllText(message);

    [Fact]
    public async Task Activate_alone_lists_the_meetings_soonest_first_with_a_button_only_on_those_the_user_hosts()
    {
        var reply = await ListAsync("U0LIST0001");

        var blocks = reply.GetProperty("blocks").EnumerateArray().ToList();
        Assert.Equal("header", blocks[0].GetProperty("type").GetString());
        Assert.Equal("Your meetings", blocks[0].GetProperty("text").GetProperty("text").GetString());
        var sections = blocks.Where(b => b.GetProperty("type").GetString() == "section").ToList();
        string[] soonestFirst =
        [
            HuaweiSimulatorOptions.HostedInProgressMeetingId, HuaweiSimulatorOptions.HostedUpcomingMeetingId,
            HuaweiSimulatorOptions.GuestMeetingId, HuaweiSimulatorOptions.CloudMeetingRoomId,
        ];
        Assert.Equal(soonestFirst.Length, sections.Count);
        for (var i = 0; i < soonestFirst.Length; i++)
        {
            Assert.Contains($"meeting ID {soonestFirst[i]}", sections[i].GetProperty("text").GetProperty("text").GetString(), StringComparison.Ordinal);
        }

        Assert.Contains("In progress", Text(sections[0]), StringComparison.Ordinal);
        Assert.Contains("Scheduled", Text(sections[1]), StringComparison.Ordinal);
        Assert.All(sections, section => Assert.Contains(" UTC", Text(section), StringComparison.Ordinal));

        // The buttons carry the meeting ID (the cloud room's meeting, not the room's ID) and the list's card id, no password.
        var buttons = SlackClicks.Buttons(reply);
        Assert.Equal(
            [HuaweiSimulatorOptions.HostedUpcomingMeetingId, HuaweiSimulatorOptions.HostedInProgressMeetingId, HuaweiSimulatorOptions.CloudRoomMeetingId],
            buttons.Keys.Order(StringComparer.Ordinal));
        Assert.All(buttons.Values, button => Assert.Equal("oneClickActivate", button.ActionId));
        Assert.Single(buttons.Values.Select(button => SlackOneClick.CardIdOf(button.BlockId)).Distinct(), cardId => cardId is not null);
        Assert.Equal(buttons.Count, buttons.Values.Select(button => button.BlockId).Distinct().Count());
        Assert.False(sections[2].TryGetProperty("accessory", out _), "a guest-only meeting has no Activate button");
        Assert.Contains("only the host can activate it", Text(sections[2]), StringComparison.Ordinal);
        Assert.DoesNotContain(blocks, b => Text(b).Contains("More in Huawei Cloud Meeting", StringComparison.Ordinal));
        var json = reply.GetRawText();
        Assert.All(Passwords, password => Assert.DoesNotContain(password, json, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_signed_click_starts_the_meeting_with_its_chair_password_and_the_outcome_reaches_response_url()
    {
        const string user = "U0CLICK001";
        var meeting = host.Huawei.Options.ScheduledMeetings.Single(m => m.ConferenceId == HuaweiSimulatorOptions.HostedUpcomingMeetingId);
        var button = SlackClicks.Buttons(await ListAsync(user))[meeting.ConferenceId];
        var responseUrl = host.SlackHooks.NewResponseUrl();
        var startsBefore = StartsOf(meeting.ConferenceId);

        var outcome = await ClickAsync(button, user, responseUrl);

        Assert.Equal("ephemeral", outcome.GetProperty("response_type").GetString());
        Assert.False(outcome.GetProperty("replace_original").GetBoolean(), "the answer is a new message: the list stays");
        Assert.Contains($"`{meeting.RegionIp}`", Text(outcome), StringComparison.Ordinal);
        Assert.Contains($"<@{user}>", Text(outcome), StringComparison.Ordinal);
        // The simulator starts a listed meeting only with its chair password: a 200 proves the bot sent it.
        var start = Assert.Single(StartsOf(meeting.ConferenceId).Except(startsBefore));
        Assert.Equal(200, start.StatusCode);
        Assert.Equal(user, start.UserId);
        Assert.All(Passwords, password => Assert.DoesNotContain(password, outcome.GetRawText() + host.AllLogText(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_second_click_on_the_same_button_says_the_meeting_was_already_activated_from_this_list()
    {
        const string user = "U0TWICE001";
        var meetingId = HuaweiSimulatorOptions.HostedInProgressMeetingId;
        var button = SlackClicks.Buttons(await ListAsync(user))[meetingId];
        var first = await ClickAsync(button, user, host.SlackHooks.NewResponseUrl());
        var starts = StartsOf(meetingId).Count;

        var second = await ClickAsync(button, user, host.SlackHooks.NewResponseUrl());

        Assert.Contains("Meeting activated", Text(first), StringComparison.Ordinal);
        Assert.Equal($"Meeting {meetingId} was already activated from this card.", second.GetProperty("text").GetString());
        Assert.Equal(starts, StartsOf(meetingId).Count);

        // Another list is another card: its button starts the meeting again.
        var again = await ClickAsync(SlackClicks.Buttons(await ListAsync(user))[meetingId], user, host.SlackHooks.NewResponseUrl());
        Assert.Contains("Meeting activated", Text(again), StringComparison.Ordinal);
        Assert.Equal(starts + 1, StartsOf(meetingId).Count);
    }

    [Fact]
    public async Task A_click_on_a_meeting_the_user_only_attends_asks_Huawei_and_starts_nothing()
    {
        const string user = "U0GUEST001";
        var responseUrl = host.SlackHooks.NewResponseUrl();

        var answer = await ClickAsync(SlackClicks.Forged(HuaweiSimulatorOptions.GuestMeetingId), user, responseUrl);

        Assert.Contains($"You do not host meeting {HuaweiSimulatorOptions.GuestMeetingId}", Text(answer), StringComparison.Ordinal);
        Assert.DoesNotContain(StartsOf(HuaweiSimulatorOptions.GuestMeetingId), r => r.UserId == user);
    }

    [Fact]
    public async Task Clicks_on_a_meeting_the_user_only_attends_never_count_toward_the_lockout()
    {
        const string user = "U0NOLOCK01";
        var meeting = host.Huawei.Options.ScheduledMeetings.Single(m => m.ConferenceId == HuaweiSimulatorOptions.GuestMeetingId);
        // More than the lockout's failures for one meeting (5), fewer than the user's attempts per minute (10).
        for (var i = 0; i < 7; i++)
        {
            var answer = await ClickAsync(SlackClicks.Forged(meeting.ConferenceId), user, host.SlackHooks.NewResponseUrl());
            Assert.Contains($"You do not host meeting {meeting.ConferenceId}", Text(answer), StringComparison.Ordinal);
        }

        using var typed = await host.SendCommandAsync(host.Form("/activate", $"{meeting.ConferenceId} {meeting.ChairPassword}", userId: user));

        Assert.Contains($"`{meeting.RegionIp}`", Text(await SlackCommandEndpointTests.EphemeralReplyAsync(typed)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not-the-signing-secret", 0)]
    [InlineData(SlackHost.SigningSecret, -6)]
    public async Task A_click_signed_with_another_secret_or_over_five_minutes_ago_is_refused_with_401_and_calls_nothing(string secret, int signedMinutesAgo)
    {
        var responseUrl = host.SlackHooks.NewResponseUrl();
        var body = SlackClicks.Body(SlackClicks.Forged(HuaweiSimulatorOptions.HostedUpcomingMeetingId), responseUrl, userId: "U0FORGED01");
        var before = host.Huawei.Requests.Count;

        using var response = await host.SendClickAsync(body, secret, DateTimeOffset.UtcNow.AddMinutes(signedMinutesAgo));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(before, host.Huawei.Requests.Count);
        Assert.False(host.SlackHooks.TryTakePostTo(responseUrl, out _));
    }

    [Fact]
    public async Task A_click_whose_body_changed_after_signing_is_refused_with_401()
    {
        var responseUrl = host.SlackHooks.NewResponseUrl();
        var timestamp = SlackHost.Now();
        var signed = SlackClicks.Body(SlackClicks.Forged(HuaweiSimulatorOptions.HostedUpcomingMeetingId), responseUrl, userId: "U0VICTIM01");
        var changed = SlackClicks.Body(SlackClicks.Forged(HuaweiSimulatorOptions.HostedUpcomingMeetingId), responseUrl, userId: "U0ATTACKER");

        using var response = await host.PostAsync(changed, timestamp, SlackHost.Sign(SlackHost.SigningSecret, timestamp, signed), host.InteractionsUrl);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.False(host.SlackHooks.TryTakePostTo(responseUrl, out _));
    }

    [Fact]
    public async Task Another_interaction_of_the_app_is_acknowledged_and_left_alone()
    {
        var responseUrl = host.SlackHooks.NewResponseUrl();
        var payload = SlackClicks.Payload(SlackClicks.Forged(HuaweiSimulatorOptions.HostedUpcomingMeetingId), responseUrl, userId: "U0OTHER001");
        payload["actions"]![0]!["action_id"] = "approve_time_off";
        var before = host.Huawei.Requests.Count;

        using var response = await host.SendClickAsync(SlackClicks.Body(payload));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(before, host.Huawei.Requests.Count);
        Assert.False(host.SlackHooks.TryTakePostTo(responseUrl, out _));
        Assert.Contains("Slack interaction of type block_actions acknowledged and ignored", host.AllLogText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("payload=not-json")]
    [InlineData("payload=%7B%22type%22%3A%22block_actions%22%7D")]
    [InlineData("command=%2Factivate&text=986030665")]
    public async Task A_signed_body_that_is_no_interaction_is_refused_with_400(string form)
    {
        var body = System.Text.Encoding.ASCII.GetBytes(form);
        var timestamp = SlackHost.Now();

        using var response = await host.PostAsync(body, timestamp, SlackHost.Sign(SlackHost.SigningSecret, timestamp, body), host.InteractionsUrl);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_click_whose_response_url_is_not_slacks_is_refused_with_400_and_calls_nothing()
    {
        var before = host.Huawei.Requests.Count;
        var body = SlackClicks.Body(SlackClicks.Forged(HuaweiSimulatorOptions.HostedUpcomingMeetingId), new Uri("https://attacker.example/actions/T/1/x"), userId: "U0SSRF0001");

        using var response = await host.SendClickAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, host.Huawei.Requests.Count);
    }

    [Fact]
    public async Task An_oversized_click_is_refused_with_413()
    {
        var payload = SlackClicks.Payload(SlackClicks.Forged(HuaweiSimulatorOptions.HostedUpcomingMeetingId), host.SlackHooks.NewResponseUrl());
        payload["padding"] = new string('x', 20_000);

        using var response = await host.SendClickAsync(SlackClicks.Body(payload));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.True(response.Headers.ConnectionClose, "the unread body leaves the connection closing: the client must not send its next request on it");
    }

    private List<SimulatorRequest> StartsOf(string meetingId) =>
        [.. host.Huawei.Requests.Where(r => r.Endpoint == SimulatorEndpoint.StartConference && r.ConferenceId == meetingId)];
}

/// <summary>A click whose activation throws: the click's response_url gets an apology quoting the logged reference, never the bug.</summary>
public sealed class SlackClickFailureTests : IAsyncLifetime
{
    private const string BugMessage = "bug-behind-a-slack-click-8e2a";
    private readonly SlackHost _host = SlackHost.WithActivationsThrowing(BugMessage);

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync().AsTask();

    [Fact]
    public async Task A_bug_behind_a_click_posts_an_apology_with_the_logged_reference_never_a_stack_trace()
    {
        var responseUrl = _host.SlackHooks.NewResponseUrl();

        using (var response = await _host.SendClickAsync(SlackClicks.Body(SlackClicks.Forged(HuaweiSimulatorOptions.HostedUpcomingMeetingId), responseUrl)))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var apology = JsonDocument.Parse((await _host.SlackHooks.NextPostToAsync(responseUrl, TimeSpan.FromSeconds(60))).Body).RootElement;
        SlackCommandEndpointFailureTests.AssertApologyQuotesTheLoggedReference(_host, SlackRepliesTests.AllText(apology), typeof(SlackInteractionHandler), BugMessage);
    }
}

/// <summary>On a host that allows two attempts a minute: a Slack list and a click each count as one.</summary>
public sealed class SlackAttemptsPerMinuteTests : IAsyncLifetime
{
    private const string User = "U0RATE0001";
    private readonly SlackHost _host = new();

    public Task InitializeAsync() => _host.WithSetting("Protection:AttemptsPerMinute", "2").InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync().AsTask();

    [Fact]
    public async Task A_list_and_a_click_use_up_two_attempts_a_minute_and_the_next_list_is_refused_without_asking_Huawei()
    {
        var meetingId = HuaweiSimulatorOptions.HostedUpcomingMeetingId;
        using var list = await _host.SendCommandAsync(_host.Form("/activate", "", userId: User));
        var button = SlackClicks.Buttons(await SlackCommandEndpointTests.EphemeralReplyAsync(list))[meetingId];
        var responseUrl = _host.SlackHooks.NewResponseUrl();
        using (var click = await _host.SendClickAsync(SlackClicks.Body(button, responseUrl, userId: User)))
        {
            Assert.Equal(HttpStatusCode.OK, click.StatusCode);
        }

        Assert.Contains("Meeting activated", (await _host.SlackHooks.NextPostToAsync(responseUrl, TimeSpan.FromSeconds(60))).Body, StringComparison.Ordinal);
        var searches = _host.Huawei.RequestCount(SimulatorEndpoint.SearchMeetings);

        using var third = await _host.SendCommandAsync(_host.Form("/activate", "", userId: User));

        Assert.StartsWith("You asked too often.", (await SlackCommandEndpointTests.EphemeralReplyAsync(third)).GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(searches, _host.Huawei.RequestCount(SimulatorEndpoint.SearchMeetings));
    }
}
