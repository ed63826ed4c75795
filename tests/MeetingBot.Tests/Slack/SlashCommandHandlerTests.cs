using MeetingBot.Meetings.Listing;
using MeetingBot.Testing;
using MeetingBot.Tests.Infrastructure;
using System.Net;
using MeetingBot.Channels.Slack;
using MeetingBot.Conversation;
using MeetingBot.LateOutcomes;
using MeetingBot.Localization;
using MeetingBot.Meetings.Activation;
using MeetingBot.Meetings;
using MeetingBot.Meetings.Telemetry;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace MeetingBot.Tests.Slack;

/// <summary>The Slack adapter over the real use case and late-outcome service, with Huawei faked and time controlled.</summary>
public class SlashCommandHandlerTests
{
    private static readonly ChatUser SlackUser = new("slack", "T0TEAM0001", "U0USER0001");
    private static readonly Uri ResponseUrl = new("https://hooks.slack.com/commands/T0TEAM0001/1234567890/abcDEF");

    private readonly Mock<IMeetingActivationService> _activation = new(MockBehavior.Strict);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 6, 40, 0, TimeSpan.Zero));
    private readonly CapturingHandler _slack = new();
    private readonly FakeLogger<ActivationsInFlight> _lateLog = new();
    private readonly RecordingLateOutcomeRecords _records = new();
    private readonly MeetingBotMetrics _metrics = new(new TestMeterFactory());
    private readonly Mock<IMeetingListService> _meetings = new(MockBehavior.Strict);
    private readonly ActivationsInFlight _late;
    private readonly SlashCommandHandler _handler;

    public SlashCommandHandlerTests()
    {
        var options = Options.Create(new SlackOptions { SigningSecret = "s", ReplyBudget = TimeSpan.FromSeconds(2) });
        var botOptions = Options.Create(new BotOptions { ShutdownGracePeriod = GracePeriod });
        var client = new SlackResponseUrlClient(new SingleClientFactory(_slack), new SlackResponseUrlPolicy(options), NullLogger<SlackResponseUrlClient>.Instance);
        _late = new ActivationsInFlight(botOptions, _records, _time, _metrics, _lateLog);
        var dialog = new ActivationDialog(botOptions);
        _handler = new SlashCommandHandler(
            new ActivationUseCase(
                dialog,
                _activation.Object,
                _meetings.Object,
                _meetings.Object,
                new HostActivation(_meetings.Object, _activation.Object),
                Mock.Of<IActivationEnvironment>(environment => environment.IsSandbox == false),
                _late),
            new SlackReplies(BotText.For("en")),
            client,
            options,
            _metrics,
            NullLogger<SlashCommandHandler>.Instance);
    }

    private static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(15);

    private static SlashCommandPayload Command(string command, string text) => new()
    {
        Command = command,
        Text = text,
        TeamId = SlackUser.TenantId!,
        UserId = SlackUser.UserId,
        ResponseUrl = ResponseUrl,
    };

    private ActivationResult Activated() => new()
    {
        Outcome = ActivationOutcome.Activated,
        MeetingId = "986030665",
        RegionIp = "100.94.23.40",
        CompletedAt = _time.GetUtcNow(),
    };

    private static string Text(SlackMessage message) => message.Text;

    [Theory]
    [InlineData("/activate", "986030665 123456")]
    [InlineData("/activate", "activate 986030665 123456")]
    [InlineData("/meetingbot", "activate 986030665 123456")]
    [InlineData("/meetingbot", "start 986030665 123456")]
    public async Task An_activate_command_with_id_and_password_activates_for_the_slack_team_and_user(string command, string text)
    {
        _activation.Setup(service => service.ActivateAsync(SlackUser, It.Is<MeetingCredentials>(m => m.MeetingId == "986030665" && m.Password == "123456"), It.IsAny<CancellationToken>()))
            .ReturnsAsync(Activated());

        var reply = await _handler.HandleAsync(Command(command, text), CancellationToken.None);

        Assert.Contains("100.94.23.40", Text(reply), StringComparison.Ordinal);
        _activation.VerifyAll();
    }

    [Fact]
    public async Task Cancel_has_nothing_to_cancel_and_calls_nothing()
    {
        var reply = await _handler.HandleAsync(Command("/activate", "cancel"), CancellationToken.None);

        Assert.Equal(BotText.For("en")[nameof(Strings.CancelledText)], reply.Text);
        _activation.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_failed_activation_is_answered_with_the_error()
    {
        _activation.Setup(service => service.ActivateAsync(SlackUser, It.Is<MeetingCredentials>(m => m.MeetingId == "986030665" && m.Password == "Pw-0x5eCret"), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new ActivationResult
            {
                Outcome = ActivationOutcome.WrongMeetingIdOrPassword,
                MeetingId = "986030665",
                ErrorCode = "MMC.111072065",
                RequestId = "req-1",
                CompletedAt = _time.GetUtcNow(),
            });

        var reply = await _handler.HandleAsync(Command("/activate", "986030665 Pw-0x5eCret"), CancellationToken.None);

        Assert.Contains("MMC.111072065", Text(reply), StringComparison.Ordinal);
        Assert.DoesNotContain("Pw-0x5eCret", SlackRepliesTests.AllText(System.Text.Json.JsonSerializer.SerializeToElement(reply, SlackMessage.JsonOptions)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/activate", "help", UsageLead.None)]
    [InlineData("/meetingbot", "help", UsageLead.None)]
    [InlineData("/meetingbot", "", UsageLead.None)]
    [InlineData("/meetingbot", "restart the server", UsageLead.NotUnderstood)]
    public async Task Help_or_missing_arguments_answer_with_usage_and_call_nothing(string command, string text, UsageLead lead)
    {
        var expected = new SlackReplies(BotText.For("en"))
            .Usage(new SlashCommandSyntax(command, command == "/activate"), lead);

        var reply = await _handler.HandleAsync(Command(command, text), CancellationToken.None);

        Assert.Equal(expected.Text, reply.Text);
        _activation.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_meeting_id_the_user_does_not_host_answers_with_usage_and_activates_nothing()
    {
        _meetings.Setup(m => m.GetChairPasswordAsync(SlackUser, "986030665", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new MeetingQueryResult<ChairPassword> { Outcome = MeetingQueryOutcome.NotHost });
        var expected = new SlackReplies(BotText.For("en")).Usage(SlashCommandSyntax.Default, UsageLead.ArgumentsMissing);

        var reply = await _handler.HandleAsync(Command("/activate", "986030665"), CancellationToken.None);

        Assert.Equal(expected.Text, reply.Text);
        _activation.VerifyNoOtherCalls();
    }

    [Theory]
    [InlineData("/activate", "")]
    [InlineData("/meetingbot", "activate")]
    [InlineData("/meetingbot", "meetings")]
    public async Task Activate_with_nothing_lists_the_users_meetings_since_Slack_has_no_form(string command, string text)
    {
        var meeting = new HuaweiMeeting("986030671", "Weekly sync", _time.GetUtcNow().AddMinutes(30), _time.GetUtcNow().AddMinutes(90), HuaweiMeetingState.Scheduled, IsHost: true);
        _meetings.Setup(m => m.ListAsync(SlackUser, It.IsAny<MeetingListQuery>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new MeetingQueryResult<MeetingPage> { Outcome = MeetingQueryOutcome.Succeeded, Value = new MeetingPage([meeting], 0, 1, 1) });

        var reply = await _handler.HandleAsync(Command(command, text), CancellationToken.None);

        Assert.Contains("Weekly sync", reply.Text, StringComparison.Ordinal);
        Assert.Contains("986030671", reply.Text, StringComparison.Ordinal);
        _activation.VerifyNoOtherCalls();
    }

    [Theory]
    [InlineData("/activate", "signout")]
    [InlineData("/meetingbot", "signout")]
    public async Task Signout_forgets_the_token_of_that_slack_team_and_user(string command, string text)
    {
        _activation.Setup(service => service.SignOutAsync(SlackUser, It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);

        var reply = await _handler.HandleAsync(Command(command, text), CancellationToken.None);

        Assert.Equal(BotText.For("en")[nameof(Strings.SignedOutText)], reply.Text);
        _activation.VerifyAll();
    }

    /// <summary>Starts an activation that Huawei has not answered yet and lets the reply budget run out.</summary>
    private async Task<(TaskCompletionSource<ActivationResult> Huawei, SlackMessage Reply, Func<CancellationToken> Token)> OutlastTheBudgetAsync()
    {
        CancellationToken passed = default;
        var huawei = new TaskCompletionSource<ActivationResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        _activation.Setup(service => service.ActivateAsync(SlackUser, It.Is<MeetingCredentials>(m => m.MeetingId == "986030665" && m.Password == "123456"), It.IsAny<CancellationToken>()))
            .Callback<ChatUser, MeetingCredentials, CancellationToken>((_, _, token) =>
            {
                passed = token;
                token.Register(() => huawei.TrySetCanceled(token));
            })
            .Returns(huawei.Task);

        var replying = _handler.HandleAsync(Command("/activate", "986030665 123456"), CancellationToken.None);
        Assert.False(replying.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(2));
        var reply = await replying.WaitAsync(TimeSpan.FromSeconds(30));
        return (huawei, reply, () => passed);
    }

    [Fact]
    public async Task A_slow_activation_is_acknowledged_when_the_budget_runs_out_and_the_outcome_posted_to_response_url()
    {
        var (huawei, reply, _) = await OutlastTheBudgetAsync();

        Assert.StartsWith("Activating meeting 986030665…", reply.Text, StringComparison.Ordinal);
        Assert.Equal("986030665", Assert.Single(_records.Open).MeetingId);
        Assert.Empty(_slack.Requests);

        huawei.SetResult(Activated());
        var posted = await _slack.Posted.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ResponseUrl, posted.Url);
        Assert.Contains("\"response_type\":\"ephemeral\"", posted.Body, StringComparison.Ordinal);
        Assert.Contains("100.94.23.40", posted.Body, StringComparison.Ordinal);
        await WhenIdleAsync();
        Assert.Empty(_records.Open);
    }

    private Task WhenIdleAsync() =>
        Poll.UntilAsync(() => _late.InFlightCount == 0, TimeSpan.FromSeconds(30), "the activation and its delivery to finish");

    [Fact]
    public async Task A_deferred_activation_that_throws_is_logged_and_the_user_told()
    {
        var (huawei, _, _) = await OutlastTheBudgetAsync();

        huawei.SetException(new InvalidOperationException("a bug"));
        var posted = await _slack.Posted.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Contains("something went wrong on my side", posted.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("a bug", posted.Body, StringComparison.Ordinal);
        var logged = Assert.Single(_lateLog.Collector.GetSnapshot(), record => record.Level == LogLevel.Error);
        Assert.Equal("a bug", logged.Exception?.Message);
        var reference = Assert.Single(logged.StructuredState!, pair => pair.Key == "CorrelationId").Value;
        Assert.Contains(reference!, posted.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shutdown_lets_a_deferred_activation_finish_within_the_grace_period_and_posts_its_outcome()
    {
        var (huawei, _, token) = await OutlastTheBudgetAsync();

        var stopping = _late.StopAsync(CancellationToken.None);
        Assert.False(stopping.IsCompleted);
        huawei.SetResult(Activated());
        await stopping.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(token().IsCancellationRequested);
        Assert.Contains("100.94.23.40", Assert.Single(_slack.Requests).Body, StringComparison.Ordinal);
        Assert.Equal(0, _late.InFlightCount);
    }

    [Fact]
    public async Task Shutdown_stops_a_deferred_activation_that_outlasts_the_grace_period_and_tells_the_user_the_bot_restarted()
    {
        var (_, _, token) = await OutlastTheBudgetAsync();

        var stopping = _late.StopAsync(CancellationToken.None);
        _time.Advance(GracePeriod);
        await stopping.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(token().IsCancellationRequested);
        var notice = Assert.Single(_slack.Requests);
        Assert.Equal(ResponseUrl, notice.Url);
        Assert.Contains(BotText.For("en").Format(nameof(Strings.RestartNotice), "986030665"), notice.Body, StringComparison.Ordinal);
        Assert.Equal(0, _late.InFlightCount);
        Assert.Empty(_records.Open);
    }

    private sealed class SingleClientFactory(HttpMessageHandler handler) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(handler, disposeHandler: false);
    }

    internal sealed class CapturingHandler : HttpMessageHandler
    {
        public List<(Uri Url, string Body)> Requests { get; } = [];

        public TaskCompletionSource<(Uri Url, string Body)> Posted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = await request.Content!.ReadAsStringAsync(cancellationToken);
            lock (Requests)
            {
                Requests.Add((request.RequestUri!, body));
            }

            Posted.TrySetResult((request.RequestUri!, body));
            return new HttpResponseMessage(HttpStatusCode.OK);
        }
    }
}
