using System.Net;
using System.Text.Json;
using MeetingBot.Channels.Slack;
using MeetingBot.Sandbox;
using MeetingBot.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace MeetingBot.Tests.Slack;

/// <summary>POST /api/slack/commands through the real host on Kestrel, against the sandbox Huawei simulator.</summary>
public class SlackCommandEndpointTests(SlackHost host) : IClassFixture<SlackHost>
{
    private const string DemoMeeting = HuaweiSimulatorOptions.DemoMeetingId;
    private const string DemoPassword = HuaweiSimulatorOptions.DemoPassword;

    private int HuaweiCalls => host.Huawei.AuthRequests + host.Huawei.StartRequests;

    internal static async Task<JsonElement> EphemeralReplyAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var reply = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("ephemeral", reply.GetProperty("response_type").GetString());
        Assert.NotEmpty(reply.GetProperty("blocks").EnumerateArray());
        return reply;
    }

    private static string Text(JsonElement reply) => SlackRepliesTests.AllText(reply);

    [Fact]
    public async Task A_signed_activate_command_is_answered_at_once_with_the_region_ip()
    {
        host.Huawei.ResetCounters();

        using var response = await host.SendCommandAsync(host.Form("/activate", $"{DemoMeeting} {DemoPassword}"));

        var reply = await EphemeralReplyAsync(response);
        Assert.Contains($"`{HuaweiSimulatorOptions.DemoRegionIp}`", Text(reply), StringComparison.Ordinal);
        Assert.Contains(HuaweiSimulatorOptions.DemoRegionIp, reply.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("Sandbox", Text(reply), StringComparison.Ordinal);
        Assert.Equal(1, host.Huawei.StartRequests);
    }

    [Fact]
    public async Task A_wrong_password_is_answered_with_what_to_do_and_huaweis_code_and_request_id_but_never_the_password()
    {
        const string password = "Wr0ng-Pa55word-9c1d";

        using var response = await host.SendCommandAsync(host.Form("/activate", $"{DemoMeeting} {password}"));

        var reply = await EphemeralReplyAsync(response);
        var text = Text(reply);
        Assert.Contains("MMC.111072065", text, StringComparison.Ordinal);
        Assert.Contains("Request id: `", text, StringComparison.Ordinal);
        Assert.Contains("try again", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(password, text, StringComparison.Ordinal);
        Assert.DoesNotContain(password, host.AllLogText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signature_made_with_another_secret_is_refused_with_401_and_no_huawei_call()
    {
        host.Huawei.ResetCounters();

        using var response = await host.SendCommandAsync(host.Form("/activate", $"{DemoMeeting} {DemoPassword}"), secret: "not-the-signing-secret");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain(DemoPassword, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, HuaweiCalls);
    }

    [Fact]
    public async Task A_stale_timestamp_is_refused_with_401_and_no_huawei_call_even_when_correctly_signed()
    {
        host.Huawei.ResetCounters();

        using var response = await host.SendCommandAsync(
            host.Form("/activate", $"{DemoMeeting} {DemoPassword}"), signedAt: DateTimeOffset.UtcNow.AddMinutes(-6));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, HuaweiCalls);
    }

    [Fact]
    public async Task A_body_changed_after_signing_is_refused_with_401_and_no_huawei_call()
    {
        host.Huawei.ResetCounters();
        var form = host.Form("/activate", $"{DemoMeeting} {DemoPassword}");
        var timestamp = SlackHost.Now();
        var signature = SlackHost.Sign(SlackHost.SigningSecret, timestamp, SlackHost.Encode(form));
        form["user_id"] = "U0ATTACKER";

        using var response = await host.PostAsync(SlackHost.Encode(form), timestamp, signature);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, HuaweiCalls);
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(false, false)]
    public async Task Missing_signature_headers_are_refused_with_401(bool withTimestamp, bool withSignature)
    {
        host.Huawei.ResetCounters();
        var body = SlackHost.Encode(host.Form("/activate", $"{DemoMeeting} {DemoPassword}"));
        var timestamp = SlackHost.Now();

        using var response = await host.PostAsync(
            body, withTimestamp ? timestamp : null, withSignature ? SlackHost.Sign(SlackHost.SigningSecret, timestamp, body) : null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, HuaweiCalls);
    }

    [Fact]
    public async Task An_oversized_body_is_refused_with_413_before_anything_else()
    {
        host.Huawei.ResetCounters();
        var form = host.Form("/activate", $"{DemoMeeting} {DemoPassword}");
        form["padding"] = new string('x', 20_000);

        using var response = await host.SendCommandAsync(form);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.True(response.Headers.ConnectionClose, "the unread body leaves the connection closing: the client must not send its next request on it");
        Assert.Equal(0, HuaweiCalls);
    }

    [Fact]
    public async Task Slacks_signed_ssl_check_is_answered_200_without_a_command()
    {
        host.Huawei.ResetCounters();

        using var response = await host.SendCommandAsync(new Dictionary<string, string> { ["ssl_check"] = "1", ["token"] = "VerificationToken" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, HuaweiCalls);
    }

    [Fact]
    public async Task A_response_url_outside_slack_is_refused_with_400_and_no_huawei_call()
    {
        host.Huawei.ResetCounters();

        using var response = await host.SendCommandAsync(
            host.Form("/activate", $"{DemoMeeting} {DemoPassword}", responseUrl: new Uri("https://attacker.example/commands/T/1/x")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, HuaweiCalls);
    }

    [Theory]
    [InlineData("/activate", "help")]
    [InlineData("/meetingbot", "")]
    [InlineData("/activate", DemoMeeting)]
    [InlineData("/meetingbot", "restart the server")]
    public async Task Help_and_missing_arguments_get_usage_help_and_no_huawei_call(string command, string text)
    {
        host.Huawei.ResetCounters();

        using var response = await host.SendCommandAsync(host.Form(command, text));

        var reply = await EphemeralReplyAsync(response);
        Assert.Contains($"How to use {command}", Text(reply), StringComparison.Ordinal);
        Assert.Equal(0, HuaweiCalls);
    }

    [Fact]
    public async Task The_token_is_cached_per_slack_team_and_user_and_signout_forgets_it()
    {
        const string team = "T0CACHE001";
        host.Huawei.ResetCounters();
        var activate = () => host.SendCommandAsync(host.Form("/activate", $"{DemoMeeting} {DemoPassword}", teamId: team));

        (await activate()).Dispose();
        (await activate()).Dispose();
        Assert.Equal(1, host.Huawei.AuthRequests);

        (await host.SendCommandAsync(host.Form("/activate", $"{DemoMeeting} {DemoPassword}", teamId: "T0OTHER001"))).Dispose();
        Assert.Equal(2, host.Huawei.AuthRequests);

        using var signout = await host.SendCommandAsync(host.Form("/activate", "signout", teamId: team));
        Assert.Contains("I forgot your Huawei Cloud Meeting sign-in", Text(await EphemeralReplyAsync(signout)), StringComparison.Ordinal);
        (await activate()).Dispose();
        Assert.Equal(3, host.Huawei.AuthRequests);
        Assert.Equal(4, host.Huawei.StartRequests);
    }

    [Fact]
    public async Task Passwords_signing_secret_tokens_and_raw_bodies_never_reach_the_logs_or_replies()
    {
        var meeting = SlackHost.PrivateMeeting;
        const string wrongPassword = "Wr0ng-Pa55word-b81f";

        using var activated = await host.SendCommandAsync(host.Form("/activate", $"{meeting.ConferenceId} {meeting.Password}"));
        using var refused = await host.SendCommandAsync(host.Form("/activate", $"{meeting.ConferenceId} {wrongPassword}"));

        var replies = Text(await EphemeralReplyAsync(activated)) + Text(await EphemeralReplyAsync(refused));
        Assert.Contains(meeting.RegionIp, replies, StringComparison.Ordinal);
        Assert.Contains("MMC.111072065", replies, StringComparison.Ordinal);
        var logs = host.AllLogText();
        Assert.Contains("Slack slash command", logs, StringComparison.Ordinal);
        foreach (var secret in new[] { meeting.Password, wrongPassword, SlackHost.SigningSecret, "text=" })
        {
            Assert.DoesNotContain(secret, logs, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, replies, StringComparison.Ordinal);
        }

        Assert.NotEmpty(host.Huawei.IssuedAccessTokens);
        Assert.All(host.Huawei.IssuedAccessTokens, token => Assert.DoesNotContain(token, logs, StringComparison.Ordinal));
    }
}

/// <summary>
/// A slash command that outlasts Slack's reply window, on a host of its own whose clock is a <see cref="FakeTimeProvider"/>:
/// the reply budget, the simulator's slow answer and the signature's timestamp check all read it, and the test moves it
/// only while the bot waits, so nothing sleeps real seconds.
/// </summary>
public sealed class SlackSlowActivationTests
{
    [Fact]
    public async Task A_slow_activation_is_acknowledged_then_the_outcome_is_posted_to_response_url()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await SlackHost.StartOnClockAsync(time);
        var slowAnswer = host.Huawei.Options.SlowMeetingDelay;
        var responseUrl = host.SlackHooks.NewResponseUrl();
        var started = time.GetUtcNow();

        var command = host.SendCommandAsync(
            host.Form("/activate", $"{HuaweiSimulatorOptions.SlowMeetingId} {HuaweiSimulatorOptions.DemoPassword}", responseUrl: responseUrl),
            signedAt: started);
        await Poll.UntilAsync(() => host.Huawei.StartRequests == 1, TimeSpan.FromSeconds(60), "the slow start request reaching the simulator");
        await time.AdvanceUntilAsync(() => command.IsCompleted, "the acknowledgement");
        using var response = await command;

        var acknowledgement = await SlackCommandEndpointTests.EphemeralReplyAsync(response);
        Assert.StartsWith($"Activating meeting {HuaweiSimulatorOptions.SlowMeetingId}", acknowledgement.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.True(time.GetUtcNow() - started < slowAnswer, $"the acknowledgement came {time.GetUtcNow() - started} after the command, not before the simulated {slowAnswer} delay");
        Assert.DoesNotContain(host.Huawei.Requests, r => r.Endpoint == SimulatorEndpoint.StartConference);

        await time.AdvanceUntilAsync(() => host.Huawei.Requests.Any(r => r.Endpoint == SimulatorEndpoint.StartConference), "the simulator's slow answer");
        var post = await host.SlackHooks.NextPostAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(responseUrl.AbsolutePath, post.Path);
        Assert.Equal("application/json", post.ContentType?.Split(';')[0]);
        var outcome = JsonDocument.Parse(post.Body).RootElement;
        Assert.Equal("ephemeral", outcome.GetProperty("response_type").GetString());
        Assert.Contains(HuaweiSimulatorOptions.SlowRegionIp, SlackRepliesTests.AllText(outcome), StringComparison.Ordinal);
        // The response_url is a capability (anyone holding it may post to the user): never logged.
        Assert.DoesNotContain(responseUrl.AbsolutePath, host.AllLogText(), StringComparison.Ordinal);
    }
}

public sealed class SlackCommandEndpointWithoutSigningSecretTests : IAsyncLifetime
{
    private readonly SlackHost _host = new(withSigningSecret: false);

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync().AsTask();

    [Fact]
    public async Task Without_a_signing_secret_the_endpoint_answers_404_and_calls_nothing()
    {
        using var response = await _host.SendCommandAsync(
            _host.Form("/activate", $"{HuaweiSimulatorOptions.DemoMeetingId} {HuaweiSimulatorOptions.DemoPassword}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(0, _host.Huawei.AuthRequests + _host.Huawei.StartRequests);
    }
}

public sealed class SlackCommandEndpointFailureTests : IAsyncLifetime
{
    private const string BugMessage = "bug-in-the-service-layer-5d1c";
    private readonly SlackHost _host = SlackHost.WithActivationsThrowing(BugMessage);

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync().AsTask();

    [Fact]
    public async Task A_bug_during_activation_gets_an_apology_with_a_reference_never_a_stack_trace_and_is_logged()
    {
        using var response = await _host.SendCommandAsync(_host.Form("/activate", $"{HuaweiSimulatorOptions.DemoMeetingId} {HuaweiSimulatorOptions.DemoPassword}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("ephemeral", reply.GetProperty("response_type").GetString());
        AssertApologyQuotesTheLoggedReference(_host, reply.GetProperty("text").GetString()!, typeof(SlackCommandEndpoint), BugMessage);
    }

    /// <summary>
    /// <paramref name="text"/> apologises without the bug or a stack trace, and quotes the reference of the one error
    /// <paramref name="loggedBy"/> logged for <paramref name="bug"/>.
    /// </summary>
    internal static void AssertApologyQuotesTheLoggedReference(SlackHost host, string text, Type loggedBy, string bug)
    {
        Assert.StartsWith("Sorry, something went wrong on my side.", text, StringComparison.Ordinal);
        Assert.DoesNotContain(bug, text, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", text, StringComparison.Ordinal);
        var logged = Assert.Single(host.Logs.GetSnapshot(), record => record.Category == loggedBy.FullName && record.Exception?.Message == bug);
        Assert.Equal(LogLevel.Error, logged.Level);
        var reference = logged.StructuredState!.Single(pair => pair.Key == "Reference").Value!;
        Assert.Contains(reference, text, StringComparison.Ordinal);
    }
}

public class SlackOptionsValidationTests
{
    [Theory]
    [InlineData("00:00:03")]
    [InlineData("00:00:00")]
    public async Task A_reply_budget_outside_slacks_three_seconds_stops_startup_naming_the_setting(string budget)
    {
        var failure = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(async () =>
        {
            await using var app = await MeetingBotApplication.StartAsync(
                new Dictionary<string, string> { ["Slack:SigningSecret"] = "s", ["Slack:ReplyBudget"] = budget });
        });

        Assert.Contains("ReplyBudget", failure.Message, StringComparison.Ordinal);
    }
}
