using MeetingBot.Meetings.Activation;
using MeetingBot.Meetings.Audit;
using MeetingBot.Meetings.Telemetry;
using MeetingBot.Testing;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace MeetingBot.Meetings.Tests.Audit;

public sealed class AuditStageTests : IDisposable
{
    private const string Password = "S3cret-Pa55";

    private static readonly ChatUser Alice = new("msteams", "tenant-1", "29:alice", "aad-alice", "Alice");

    private readonly FakeTimeProvider _time = new();
    private readonly FakeLoggerProvider _logs = new();
    private readonly ILoggerFactory _loggerFactory;
    private readonly Mock<IMeetingActivationService> _inner = new();
    private readonly TestMeterFactory _meters = new();

    public AuditStageTests() => _loggerFactory = LoggerFactory.Create(b => b.AddProvider(_logs));

    [Fact]
    public async Task Writes_one_structured_event_with_who_which_meeting_outcome_request_id_and_latency()
    {
        _inner.Setup(s => s.ActivateAsync(Alice, It.Is<MeetingCredentials>(m => m.MeetingId == MeetingInput.NormalizeMeetingId("986 030 665") && m.Password == Password), It.IsAny<CancellationToken>()))
            .Returns(async () =>
            {
                await Task.Yield();
                _time.Advance(TimeSpan.FromMilliseconds(420));
                return new ActivationResult
                {
                    Outcome = ActivationOutcome.Activated,
                    MeetingId = "986030665",
                    RegionIp = "100.94.23.40",
                    RequestId = "f991eeec77df1692c74f253d765ca146",
                    CompletedAt = _time.GetUtcNow(),
                };
            });

        await Create().ActivateAsync(Alice, "986 030 665", Password, CancellationToken.None);

        var record = Assert.Single(_logs.Collector.GetSnapshot());
        Assert.Equal(AuditStage.Category, record.Category);
        Assert.Equal(AuditStage.ActivationAttempt, record.Id);
        Assert.Equal(LogLevel.Information, record.Level);
        var state = record.StructuredState!.ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.Equal("Activated", state["Outcome"]);
        Assert.Equal("986030665", state["MeetingId"]);
        Assert.Equal("29:alice", state["UserId"]);
        Assert.Equal("aad-alice", state["AadObjectId"]);
        Assert.Equal("tenant-1", state["TenantId"]);
        Assert.Equal("msteams", state["ChannelId"]);
        Assert.Equal("f991eeec77df1692c74f253d765ca146", state["RequestId"]);
        Assert.Equal("420", state["LatencyMs"]);
        AssertNoSecret(Password);
    }

    [Theory]
    [InlineData(ActivationOutcome.LockedOut, LogLevel.Warning)]
    [InlineData(ActivationOutcome.RateLimited, LogLevel.Warning)]
    [InlineData(ActivationOutcome.TooManyAttempts, LogLevel.Warning)]
    [InlineData(ActivationOutcome.TooManyAtOnce, LogLevel.Warning)]
    [InlineData(ActivationOutcome.WrongMeetingIdOrPassword, LogLevel.Information)]
    public async Task Refusals_and_failures_are_audited_too(ActivationOutcome outcome, LogLevel level)
    {
        _inner.Setup(s => s.ActivateAsync(Alice, It.Is<MeetingCredentials>(m => m.MeetingId == MeetingInput.NormalizeMeetingId("986030665") && m.Password == Password), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new ActivationResult { Outcome = outcome, MeetingId = "986030665", ErrorCode = "MMC.111072065", CompletedAt = _time.GetUtcNow() });

        await Create().ActivateAsync(Alice, "986030665", Password, CancellationToken.None);

        var record = Assert.Single(_logs.Collector.GetSnapshot());
        Assert.Equal(level, record.Level);
        Assert.Contains(record.StructuredState!, kv => kv is { Key: "Outcome" } && kv.Value == outcome.ToString());
        AssertNoSecret(Password);
    }

    [Fact]
    public async Task Control_characters_from_the_channel_cannot_forge_log_lines()
    {
        var forger = new ChatUser("webchat", "t\r\nINFO fake line", "u\n1");
        _inner.Setup(s => s.ActivateAsync(forger, It.Is<MeetingCredentials>(m => m.MeetingId == MeetingInput.NormalizeMeetingId("986030665") && m.Password == Password), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new ActivationResult { Outcome = ActivationOutcome.Activated, MeetingId = "986030665", CompletedAt = _time.GetUtcNow() });

        await Create().ActivateAsync(forger, "986030665", Password, CancellationToken.None);

        var record = Assert.Single(_logs.Collector.GetSnapshot());
        Assert.DoesNotContain('\n', record.Message);
        Assert.Contains("tINFO fake line", record.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unexpected_exception_is_audited_with_the_exception_and_rethrown()
    {
        var bug = new InvalidOperationException("bug");
        _inner.Setup(s => s.ActivateAsync(Alice, It.Is<MeetingCredentials>(m => m.MeetingId == MeetingInput.NormalizeMeetingId("986030665") && m.Password == Password), It.IsAny<CancellationToken>())).ThrowsAsync(bug);

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => Create().ActivateAsync(Alice, "986030665", Password, CancellationToken.None));

        var record = Assert.Single(_logs.Collector.GetSnapshot());
        Assert.Same(bug, thrown);
        Assert.Same(bug, record.Exception);
        Assert.Equal(LogLevel.Error, record.Level);
        Assert.Contains(record.StructuredState!, kv => kv is { Key: "Outcome", Value: "Failed" });
    }

    [Theory]
    [InlineData(ActivationOutcome.LockedOut, "locked_out")]
    [InlineData(ActivationOutcome.TooManyAttempts, "user_rate_limit")]
    [InlineData(ActivationOutcome.TooManyAtOnce, "user_rate_limit")]
    [InlineData(ActivationOutcome.Activated, null)]
    [InlineData(ActivationOutcome.WrongMeetingIdOrPassword, null)]
    [InlineData(ActivationOutcome.RateLimited, null)]
    public async Task Counts_each_refusal_of_the_activation_guard_by_reason_and_nothing_else(ActivationOutcome outcome, string? reason)
    {
        using var refusals = new MetricCollector<long>(_meters, MeetingBotMetrics.MeterName, MeetingBotMetrics.RefusalsName);
        using var attempts = new MetricCollector<long>(_meters, MeetingBotMetrics.MeterName, MeetingBotMetrics.ActivationsName);
        _inner.Setup(s => s.ActivateAsync(Alice, It.Is<MeetingCredentials>(m => m.MeetingId == MeetingInput.NormalizeMeetingId("986030665") && m.Password == Password), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new ActivationResult { Outcome = outcome, MeetingId = "986030665", CompletedAt = _time.GetUtcNow() });

        await Create().ActivateAsync(Alice, "986030665", Password, CancellationToken.None);

        Assert.Single(attempts.GetMeasurementSnapshot());
        Assert.Equal(reason is null ? [] : [reason], refusals.GetMeasurementSnapshot().Select(m => (string?)m.Tags["reason"]));
    }

    public void Dispose()
    {
        _loggerFactory.Dispose();
        _logs.Dispose();
        _meters.Dispose();
    }

    private AuditStage Create() => new(_inner.Object, _loggerFactory, _time, new MeetingBotMetrics(_meters));

    private void AssertNoSecret(string secret)
    {
        foreach (var record in _logs.Collector.GetSnapshot())
        {
            Assert.DoesNotContain(secret, record.Message, StringComparison.Ordinal);
            Assert.All(record.StructuredState ?? [], kv => Assert.DoesNotContain(secret, kv.Value ?? string.Empty, StringComparison.Ordinal));
        }
    }
}
