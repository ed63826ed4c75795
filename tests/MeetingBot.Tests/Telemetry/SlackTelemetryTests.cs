using System.Diagnostics;
using MeetingBot.Channels.Slack;
using MeetingBot.Sandbox;
using MeetingBot.Testing;
using MeetingBot.Tests.Slack;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace MeetingBot.Tests.Telemetry;

/// <summary>
/// Slack turns traced: a slash command that outlasts Slack's reply window and a click on a list; no password and no
/// response_url reaches telemetry.
/// </summary>
public sealed class SlackTelemetryTests
{
    /// <summary>Slower than the Slack reply budget (the host makes slow meetings take 5 s, on its fake clock); its password is found nowhere else.</summary>
    private static readonly SimulatedMeeting SlowMeeting = new("986030779", "Sl0w-Pa55word-3d9a", "100.94.23.79", Slow: true);

    [Fact]
    public async Task A_slow_slash_command_is_one_turn_whose_late_reply_is_traced_without_its_response_url()
    {
        var telemetry = new TelemetryCapture();
        // The reply budget and the simulator's slow answer run on this clock, moved only while the bot waits.
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var host = new SlackHost(withSigningSecret: true, services =>
        {
            telemetry.Register(services);
            services.Replace(ServiceDescriptor.Singleton<TimeProvider>(time));
        });
        await host.InitializeAsync();
        try
        {
            telemetry.Attach(host.Services);
            host.Huawei.Options.Meetings.Add(SlowMeeting);
            var responseUrl = host.SlackHooks.NewResponseUrl();
            var before = telemetry.ReadMetrics();

            var command = host.SendCommandAsync(
                host.Form("/activate", $"{SlowMeeting.ConferenceId} {SlowMeeting.Password}", responseUrl: responseUrl), signedAt: time.GetUtcNow());
            await Poll.UntilAsync(() => host.Huawei.StartRequests == 1, TimeSpan.FromSeconds(60), "the slow start request reaching the simulator");
            await time.AdvanceUntilAsync(() => command.IsCompleted, "the acknowledgement");
            using var response = await command;
            response.EnsureSuccessStatusCode();
            Assert.DoesNotContain(host.Huawei.Requests, r => r.Endpoint == SimulatorEndpoint.StartConference);
            await time.AdvanceUntilAsync(() => host.Huawei.Requests.Any(r => r.Endpoint == SimulatorEndpoint.StartConference), "the simulator's slow answer");
            var late = await host.SlackHooks.NextPostAsync(TimeSpan.FromSeconds(30));
            Assert.Contains(SlowMeeting.RegionIp, late.Body, StringComparison.Ordinal);
            await WaitUntilAsync(() => telemetry.Spans.Any(s => s.Kind == ActivityKind.Client && s.GetTagItem("server.port") is int port && port == responseUrl.Port),
                "the client span of the post to the response_url");

            var moved = TelemetryCapture.Moved(before, telemetry.ReadMetrics());
            Assert.Equal(1, moved[TelemetryCapture.Series("meetingbot.turns", ("channel", "slack"), ("activity_type", "slash_command"), ("result", "ok"))]);
            // The delivery counts as pending until its task ends, a moment after Slack got the post.
            await WaitUntilAsync(() => telemetry.ReadMetrics()[TelemetryCapture.Series("meetingbot.deliveries.pending")] == 0, "no delivery pending");

            var turn = Assert.Single(telemetry.Spans, s => s.DisplayName == "turn");
            Assert.Equal("slack", turn.GetTagItem("meetingbot.channel"));
            Assert.Equal("slash_command", turn.GetTagItem("meetingbot.activity_type"));
            Assert.Equal("activate", turn.GetTagItem("meetingbot.command"));
            var activation = Assert.Single(telemetry.Spans, s => s.DisplayName == "activate" && s.ParentSpanId == turn.SpanId);
            Assert.Contains(telemetry.Spans, s => s.Kind == ActivityKind.Client && s.ParentSpanId == activation.SpanId);

            // The late reply's HTTP span names the host only: a response_url's path is a capability.
            var post = Assert.Single(telemetry.Spans, s => s.Kind == ActivityKind.Client && s.GetTagItem("server.port") is int port && port == responseUrl.Port);
            Assert.Equal(turn.TraceId, post.TraceId);
            Assert.Equal($"{responseUrl.Scheme}://{responseUrl.Authority}/…", post.GetTagItem("url.full"));
            // Slack's side of that POST is the test's listener, in this process: its server span is Slack's, not the bot's.
            Assert.Equal(1, telemetry.Spans.RemoveAll(s => s.Kind == ActivityKind.Server && s.GetTagItem("server.port") is int port && port == responseUrl.Port));
            var exported = telemetry.AllExportedText().ToList();
            foreach (var secret in new[] { responseUrl.AbsolutePath, SlackHost.SigningSecret, SlowMeeting.Password })
            {
                Assert.DoesNotContain(exported, text => text.Contains(secret, StringComparison.Ordinal));
            }
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_click_on_a_slack_list_is_one_turn_whose_telemetry_holds_no_password_nor_its_response_url()
    {
        const string user = "U0TRACE001";
        var telemetry = new TelemetryCapture();
        await using var host = new SlackHost(withSigningSecret: true, telemetry.Register);
        await host.InitializeAsync();
        telemetry.Attach(host.Services);
        var meetingId = HuaweiSimulatorOptions.HostedUpcomingMeetingId;
        using var list = await host.SendCommandAsync(host.Form("/activate", "", userId: user));
        var button = SlackClicks.Buttons(await SlackCommandEndpointTests.EphemeralReplyAsync(list))[meetingId];
        var responseUrl = host.SlackHooks.NewResponseUrl();
        var before = telemetry.ReadMetrics();

        using (var click = await host.SendClickAsync(SlackClicks.Body(button, responseUrl, userId: user)))
        {
            click.EnsureSuccessStatusCode();
        }

        Assert.Contains("Meeting activated", (await host.SlackHooks.NextPostToAsync(responseUrl, TimeSpan.FromSeconds(60))).Body, StringComparison.Ordinal);
        static bool IsClickTurn(Activity span) => span.DisplayName == "turn" && Equals(span.GetTagItem("meetingbot.activity_type"), "block_actions");
        await WaitUntilAsync(() => telemetry.Spans.ToArray().Any(IsClickTurn), "the click's turn span ending");

        var clicked = TelemetryCapture.Series("meetingbot.turns", ("channel", "slack"), ("activity_type", "block_actions"), ("result", "ok"));
        Assert.Equal(1, TelemetryCapture.Moved(before, telemetry.ReadMetrics())[clicked]);
        var turn = Assert.Single(telemetry.Spans.ToArray(), IsClickTurn);
        Assert.Equal("slack", turn.GetTagItem("meetingbot.channel"));
        Assert.Equal("one_click_activate", turn.GetTagItem("meetingbot.command"));
        Assert.Contains(telemetry.Spans.ToArray(), s => s.DisplayName == "activate" && s.ParentSpanId == turn.SpanId);
        // Slack's side of the post to response_url is the test's listener, in this process: its server span is Slack's.
        bool IsSlacksSide(Activity span) => span.Kind == ActivityKind.Server && span.GetTagItem("server.port") is int port && port == responseUrl.Port;
        // Either may end after the turn span; once both are exported, the click exports nothing more.
        bool IsTheClickRequest(Activity span) => span.Kind == ActivityKind.Server && Equals(span.GetTagItem("http.route"), SlackInteractionEndpoint.Route);
        await WaitUntilAsync(
            () => telemetry.Spans.ToArray() is var spans && spans.Any(IsSlacksSide) && spans.Any(IsTheClickRequest),
            "the listener's span of the post to response_url and the click request's span");
        Assert.Equal(1, telemetry.Spans.RemoveAll(IsSlacksSide));
        string[] secrets =
        [
            .. host.Huawei.Options.ScheduledMeetings.SelectMany(m => new[] { m.ChairPassword, m.GuestPassword }),
            responseUrl.AbsolutePath, SlackHost.SigningSecret,
        ];
        var exported = telemetry.AllExportedText().ToList();
        Assert.All(secrets, secret => Assert.DoesNotContain(exported, text => text.Contains(secret, StringComparison.Ordinal)));
    }

    private static Task WaitUntilAsync(Func<bool> condition, string what) => Poll.UntilAsync(condition, TimeSpan.FromSeconds(30), what);
}
