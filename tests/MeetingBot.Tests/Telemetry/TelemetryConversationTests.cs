using System.Diagnostics;
using System.Text.RegularExpressions;
using MeetingBot.Cards;
using MeetingBot.Meetings.Audit;
using MeetingBot.Sandbox;
using MeetingBot.Testing;
using MeetingBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Newtonsoft.Json.Linq;
using static MeetingBot.Tests.Telemetry.TelemetryCapture;

namespace MeetingBot.Tests.Telemetry;

/// <summary>
/// The real host with the OpenTelemetry SDK exporting to memory, through one Web Chat conversation against the sandbox:
/// a success, two wrong passwords, the lockout, a Huawei 500 and a Huawei too slow to answer.
/// </summary>
public sealed partial class TelemetryConversationTests
{
    private const string Channel = "webchat";

    /// <summary>Passwords that appear nowhere else, so finding one in telemetry can only be a leak.</summary>
    private static readonly SimulatedMeeting Meeting = new("986030777", "Tele-Pa55word-c41d", "100.94.23.77");

    /// <summary>For the failures after the lockout (the first meeting is locked for the user by then).</summary>
    private static readonly SimulatedMeeting OtherMeeting = new("986030778", "0ther-Pa55word-7a3e", "100.94.23.78");

    private const string WrongPassword = "Wr0ng-Pa55word-9e2f";

    private const string SlackSecret = "telemetry-test-slack-secret-5b1c";

    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Protection:MaxFailedAttempts"] = "2",
        ["HuaweiMeeting:RequestTimeout"] = "00:00:01",
        ["Slack:SigningSecret"] = SlackSecret,
    };

    [Fact]
    public async Task A_conversation_moves_each_counter_by_what_happened_traces_turn_to_Huawei_and_exports_no_secret()
    {
        var telemetry = new TelemetryCapture();
        // Only the slow step needs time to pass: the test moves this clock then, while the attempt waits for Huawei.
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await MeetingBotApplication.StartAsync(Settings, services =>
        {
            telemetry.Register(services);
            services.Replace(ServiceDescriptor.Singleton<TimeProvider>(time));
        });
        telemetry.Attach(host.Services);
        host.Simulator.Options.Meetings.Add(Meeting);
        host.Simulator.Options.Meetings.Add(OtherMeeting);
        var chat = host.Conversation(ActivityFixtures.WebChat);

        // Success: the user's first activation signs in with Huawei, then starts the meeting.
        var before = telemetry.ReadMetrics();
        var activated = await ActivateAsync(chat, Meeting.Password);
        Assert.Contains(Meeting.RegionIp, activated.TextBlocks());
        AssertMoved(before, telemetry.ReadMetrics(), new()
        {
            [Series("meetingbot.turns", ("channel", Channel), ("activity_type", "message"), ("result", "ok"))] = 2,
            [Series("meetingbot.activations", ("outcome", "activated"), ("channel", Channel))] = 1,
            [Series("meetingbot.activation.duration", ("outcome", "activated"), ("channel", Channel))] = 1,
            [Series("meetingbot.token.lookups", ("result", "miss"))] = 1,
            [Series("meetingbot.signins", ("result", "success"))] = 1,
            [Series("meetingbot.huawei.requests", ("endpoint", "appauth"), ("status_code", "200"), ("error_code", "none"))] = 1,
            [Series("meetingbot.huawei.requests", ("endpoint", "conferences_start"), ("status_code", "200"), ("error_code", "none"))] = 1,
            [Series("meetingbot.huawei.duration", ("endpoint", "appauth"))] = 1,
            [Series("meetingbot.huawei.duration", ("endpoint", "conferences_start"))] = 1,
        });
        var success = ActivationSpan("activated");
        AssertHuaweiCallsUnder(success, "/v2/usg/acs/auth/appauth", "/v1/mmc/management/conferences/start");

        // Two wrong passwords: the cached token is used, Huawei refuses each.
        before = telemetry.ReadMetrics();
        var wrong = await ActivateAsync(chat, WrongPassword);
        await ActivateAsync(chat, WrongPassword);
        AssertMoved(before, telemetry.ReadMetrics(), new()
        {
            [Series("meetingbot.turns", ("channel", Channel), ("activity_type", "message"), ("result", "ok"))] = 4,
            [Series("meetingbot.activations", ("outcome", "wrong_meeting_id_or_password"), ("channel", Channel))] = 2,
            [Series("meetingbot.activation.duration", ("outcome", "wrong_meeting_id_or_password"), ("channel", Channel))] = 2,
            [Series("meetingbot.token.lookups", ("result", "hit"))] = 2,
            [Series("meetingbot.huawei.requests", ("endpoint", "conferences_start"), ("status_code", "400"), ("error_code", SimulatorErrorCodes.WrongIdOrPassword))] = 2,
            [Series("meetingbot.huawei.duration", ("endpoint", "conferences_start"))] = 2,
        });
        var reference = ReferenceOn(wrong);
        var wrongSpan = await AssertCardReferenceIsTheTraceOfItsTurnAsync(reference, "wrong_meeting_id_or_password");
        AssertHuaweiCallsUnder(wrongSpan, "/v1/mmc/management/conferences/start");
        var audit = Assert.Single(telemetry.Logs, l => l.CategoryName == AuditStage.Category && l.TraceId.ToHexString() == reference);
        Assert.Equal(wrongSpan.SpanId, audit.SpanId);

        // Locked out: refused before Huawei is asked.
        before = telemetry.ReadMetrics();
        var lockedOut = await ActivateAsync(chat, Meeting.Password);
        AssertMoved(before, telemetry.ReadMetrics(), new()
        {
            [Series("meetingbot.turns", ("channel", Channel), ("activity_type", "message"), ("result", "ok"))] = 2,
            [Series("meetingbot.activations", ("outcome", "locked_out"), ("channel", Channel))] = 1,
            [Series("meetingbot.activation.duration", ("outcome", "locked_out"), ("channel", Channel))] = 1,
            [Series("meetingbot.refusals", ("reason", "locked_out"))] = 1,
        });
        Assert.Empty(HuaweiCallsUnder(await AssertCardReferenceIsTheTraceOfItsTurnAsync(ReferenceOn(lockedOut), "locked_out")));

        // Huawei answers 500 (for another meeting: the first one is locked for the user now).
        before = telemetry.ReadMetrics();
        host.Simulator.ForceNext(SimulatorEndpoint.StartConference, SimulatedAnswer.ServerError(500));
        var failed = await ActivateAsync(chat, OtherMeeting.Password, OtherMeeting.ConferenceId);
        AssertMoved(before, telemetry.ReadMetrics(), new()
        {
            [Series("meetingbot.turns", ("channel", Channel), ("activity_type", "message"), ("result", "ok"))] = 2,
            [Series("meetingbot.activations", ("outcome", "service_unavailable"), ("channel", Channel))] = 1,
            [Series("meetingbot.activation.duration", ("outcome", "service_unavailable"), ("channel", Channel))] = 1,
            [Series("meetingbot.token.lookups", ("result", "hit"))] = 1,
            [Series("meetingbot.huawei.requests", ("endpoint", "conferences_start"), ("status_code", "500"), ("error_code", SimulatorErrorCodes.SystemFailure))] = 1,
            [Series("meetingbot.huawei.duration", ("endpoint", "conferences_start"))] = 1,
        });
        AssertHuaweiCallsUnder(await AssertCardReferenceIsTheTraceOfItsTurnAsync(ReferenceOn(failed), "service_unavailable"), "/v1/mmc/management/conferences/start");

        // Huawei too slow: the attempt's timeout (1 s here) gives up; a timeout is not retried.
        before = telemetry.ReadMetrics();
        host.Simulator.ForceNext(SimulatorEndpoint.StartConference, SimulatedAnswer.Delayed(TimeSpan.FromSeconds(5)));
        var startsBefore = host.Simulator.StartRequests;
        var slowTurn = ActivateAsync(chat, OtherMeeting.Password, OtherMeeting.ConferenceId);
        await Poll.UntilAsync(() => host.Simulator.StartRequests > startsBefore, TimeSpan.FromSeconds(60), "the slow start request reaching the simulator");
        time.Advance(TimeSpan.FromSeconds(1)); // the attempt's timeout, whose timer was set before the request went out
        var slow = await slowTurn.WaitAsync(TimeSpan.FromSeconds(60));
        AssertMoved(before, telemetry.ReadMetrics(), new()
        {
            [Series("meetingbot.turns", ("channel", Channel), ("activity_type", "message"), ("result", "ok"))] = 2,
            [Series("meetingbot.activations", ("outcome", "timed_out"), ("channel", Channel))] = 1,
            [Series("meetingbot.activation.duration", ("outcome", "timed_out"), ("channel", Channel))] = 1,
            [Series("meetingbot.token.lookups", ("result", "hit"))] = 1,
            [Series("meetingbot.huawei.requests", ("endpoint", "conferences_start"), ("status_code", "none"), ("error_code", "timeout"))] = 1,
            [Series("meetingbot.huawei.duration", ("endpoint", "conferences_start"))] = 1,
        });
        AssertHuaweiCallsUnder(await AssertCardReferenceIsTheTraceOfItsTurnAsync(ReferenceOn(slow), "timed_out"), "/v1/mmc/management/conferences/start");
        Assert.Equal(0, telemetry.ReadMetrics()[Series("meetingbot.deliveries.pending")]);

        // Nothing exported holds a secret, and no HTTP span recorded a header.
        string[] secrets = [Meeting.Password, OtherMeeting.Password, WrongPassword, host.Simulator.Options.AppKey, SlackSecret, .. host.Simulator.IssuedAccessTokens];
        Assert.NotEmpty(host.Simulator.IssuedAccessTokens);
        var exported = telemetry.AllExportedText().ToList();
        Assert.Contains(exported, text => text.Contains(Meeting.ConferenceId, StringComparison.Ordinal)); // the scan does see log text
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(exported, text => text.Contains(secret, StringComparison.Ordinal));
        }

        Assert.DoesNotContain(telemetry.Spans.SelectMany(s => s.TagObjects), tag => tag.Key.StartsWith("http.request.header", StringComparison.Ordinal));
        Assert.DoesNotContain(telemetry.Spans.SelectMany(s => s.TagObjects), tag => tag.Key.StartsWith("http.response.header", StringComparison.Ordinal));

        Activity ActivationSpan(string outcome) =>
            Assert.Single(telemetry.Spans, s => s.DisplayName == "activate" && (string?)s.GetTagItem("meetingbot.outcome") == outcome);

        // The card's reference is the trace id of the turn that answered it: turn span → activation span.
        async Task<Activity> AssertCardReferenceIsTheTraceOfItsTurnAsync(string cardReference, string outcome)
        {
            await telemetry.TraceExportedAsync(cardReference);
            var activation = Assert.Single(telemetry.Spans, s => s.DisplayName == "activate" && s.TraceId.ToHexString() == cardReference);
            Assert.Equal(outcome, activation.GetTagItem("meetingbot.outcome"));
            var turn = Assert.Single(telemetry.Spans, s => s.SpanId == activation.ParentSpanId);
            Assert.Equal("turn", turn.DisplayName);
            Assert.Equal(Channel, turn.GetTagItem("meetingbot.channel"));
            Assert.Equal("message", turn.GetTagItem("meetingbot.activity_type"));
            Assert.Equal(CardVerbs.Activate, turn.GetTagItem("meetingbot.command"));
            var request = Assert.Single(telemetry.Spans, s => s.SpanId == turn.ParentSpanId);
            Assert.Equal(ActivityKind.Server, request.Kind);
            Assert.Equal("/api/messages", request.GetTagItem("url.path"));
            return activation;
        }

        IEnumerable<Activity> HuaweiCallsUnder(Activity activation) =>
            telemetry.Spans.Where(s => s.Kind == ActivityKind.Client && s.ParentSpanId == activation.SpanId);

        void AssertHuaweiCallsUnder(Activity activation, params string[] paths) =>
            Assert.Equal(paths, HuaweiCallsUnder(activation).OrderBy(s => s.StartTimeUtc).Select(s => new Uri((string)s.GetTagItem("url.full")!).AbsolutePath));
    }

    private static async Task<JObject> ActivateAsync(BotConversation chat, string password, string? meetingId = null)
    {
        var form = (await chat.SendTextAsync("activate")).SingleCard();
        var answer = await chat.ClickAsync(form.Action(CardVerbs.Activate), FormInputs.Of(meetingId ?? Meeting.ConferenceId, password));
        return answer.SingleCard();
    }

    private static string ReferenceOn(JObject card)
    {
        var details = Assert.Single(card.TextBlocks(), t => t.Contains("Reference: ", StringComparison.Ordinal));
        return ReferencePattern().Match(details).Groups[1].Value;
    }

    private static void AssertMoved(IReadOnlyDictionary<string, double> before, IReadOnlyDictionary<string, double> after, Dictionary<string, double> expected)
    {
        var moved = Moved(before, after);
        // The pending-deliveries gauge goes up and down on its own; every counter must move exactly as expected.
        moved.Remove(Series("meetingbot.deliveries.pending"));
        Assert.Equal(
            expected.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key} +{e.Value}"),
            moved.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key} +{e.Value}"));
    }

    [GeneratedRegex("Reference: ([0-9a-f]{32})")]
    private static partial Regex ReferencePattern();
}
