using MeetingBot.Testing;
using MeetingBot.Meetings.Activation;
using MeetingBot.Meetings.Audit;
using MeetingBot.Meetings.Composition;
using MeetingBot.Meetings.Protection;
using MeetingBot.Sandbox;
using MeetingBot.State.Composition;
using MeetingBot.State.HuaweiPauses;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace MeetingBot.Meetings.Tests.Protection;

/// <summary>The whole stack (protection, audit, service, Huawei HttpClient with the limiter) against the simulator on loopback.</summary>
public sealed class ProtectionAgainstHuaweiSimulatorTests : IAsyncLifetime
{
    private const string MeetingId = "555123456";
    private const string Password = "Pw-Very-Distinct-91";

    private static readonly ChatUser Alice = new("msteams", "tenant-1", "29:alice", "aad-alice");

    private readonly HuaweiSimulator _huawei = new();
    private readonly FakeLoggerProvider _logs = new();

    // Only the client-side limiter runs on fake time, so a test can step past Huawei's Retry-After.
    private readonly FakeTimeProvider _limiterTime = new(DateTimeOffset.UtcNow);
    private ServiceProvider? _services;

    private IMeetingActivationService Activation => _services!.GetRequiredService<IMeetingActivationService>();

    public async Task InitializeAsync()
    {
        _huawei.Options.Meetings.Add(new SimulatedMeeting(MeetingId, Password, "100.94.23.99"));
        await _huawei.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["HuaweiMeeting:BaseUrl"] = _huawei.BaseUrl.ToString(),
            ["HuaweiMeeting:AppId"] = _huawei.Options.AppId,
            ["HuaweiMeeting:AppKey"] = _huawei.Options.AppKey,
        }).Build();

        var services = new ServiceCollection().AddLogging(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));
        services.AddActivationCore(configuration);
        services.AddStateInMemory();
        services.AddSingleton<IActivationEnvironment, HuaweiCloudEnvironment>();
        // After the core's own: the gate on a clock of its own, to step past Huawei's pauses.
        services.AddSingleton(provider => new HuaweiRateLimitGate(provider.GetRequiredService<IHuaweiPauses>(),
            provider.GetRequiredService<IOptions<ProtectionOptions>>(), _limiterTime, provider.GetRequiredService<ILogger<HuaweiRateLimitGate>>()));
        _services = services.BuildServiceProvider();
    }

    [Fact]
    public async Task The_sixth_wrong_password_within_the_window_makes_no_call_to_Huawei()
    {
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(ActivationOutcome.WrongMeetingIdOrPassword, (await Activate("wrong-" + i)).Outcome);
        }

        var sixth = await Activate(Password);

        Assert.Equal(ActivationOutcome.LockedOut, sixth.Outcome);
        Assert.InRange(sixth.RetryAfter!.Value, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));
        Assert.Equal(5, _huawei.StartRequests);
    }

    [Fact]
    public async Task A_429_with_retry_after_is_rate_limited_and_the_limiter_holds_further_calls_until_then()
    {
        _huawei.ForceNext(SimulatorEndpoint.StartConference, SimulatedAnswer.RateLimited(TimeSpan.FromSeconds(30), apigRateLimit: null));

        var throttled = await Activate(Password);
        _limiterTime.Advance(TimeSpan.FromSeconds(10));
        var held = await Activate(Password);
        var requestsWhileHeld = _huawei.StartRequests;
        _limiterTime.Advance(TimeSpan.FromSeconds(20));
        var afterwards = await Activate(Password);

        Assert.Equal(ActivationOutcome.RateLimited, throttled.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(30), throttled.RetryAfter);
        Assert.Equal(ActivationOutcome.RateLimited, held.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(20), held.RetryAfter);
        Assert.Equal(1, requestsWhileHeld);
        Assert.True(afterwards.IsActivated);
        Assert.Equal(2, _huawei.StartRequests);
    }

    [Fact]
    public async Task An_exhausted_announced_limit_holds_the_next_call_without_a_429()
    {
        _huawei.ForceNext(SimulatorEndpoint.StartConference, SimulatedAnswer.RateLimited(retryAfter: null, apigRateLimit: "remain:0,limit:100,time:1 minute"));

        await Activate(Password);
        var held = await Activate(Password);

        Assert.Equal(ActivationOutcome.RateLimited, held.Outcome);
        Assert.Equal(TimeSpan.FromMinutes(1), held.RetryAfter);
        Assert.Equal(1, _huawei.StartRequests);
    }

    [Fact]
    public async Task Each_attempt_leaves_one_audit_event_with_Huaweis_request_id_and_no_secret()
    {
        var activated = await Activate(Password);
        await Activate("wrong-password");

        var audit = _logs.Collector.GetSnapshot().Where(r => r.Category == AuditStage.Category).ToList();
        Assert.Equal(2, audit.Count);
        var first = audit[0].StructuredState!.ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.True(activated.IsActivated);
        Assert.False(string.IsNullOrEmpty(activated.RequestId));
        Assert.Equal(activated.RequestId, first["RequestId"]);
        Assert.Equal(MeetingId, first["MeetingId"]);
        Assert.Equal("Activated", first["Outcome"]);
        Assert.Contains(audit[1].StructuredState!, kv => kv is { Key: "Outcome", Value: "WrongMeetingIdOrPassword" });

        string[] secrets = [Password, "wrong-password", _huawei.Options.AppKey, .. _huawei.IssuedAccessTokens];
        Assert.NotEmpty(_huawei.IssuedAccessTokens);
        foreach (var record in _logs.Collector.GetSnapshot())
        {
            var text = record.Message + string.Join('|', record.StructuredState?.Select(kv => kv.Value) ?? []) + record.Exception;
            Assert.All(secrets, secret => Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{record.Category} {record.Level}: {text}"));
        }
    }

    [Fact]
    public async Task An_attempt_with_a_cached_token_logs_one_line_at_information_the_audit_event_and_the_rest_at_debug()
    {
        Assert.True((await Activate(Password)).IsActivated);
        var before = _logs.Collector.GetSnapshot().Count;

        Assert.Equal(ActivationOutcome.WrongMeetingIdOrPassword, (await Activate("wrong-password")).Outcome);

        var ours = _logs.Collector.GetSnapshot().Skip(before).Where(r => r.Category?.StartsWith("MeetingBot", StringComparison.Ordinal) == true).ToList();
        var line = Assert.Single(ours, r => r.Level >= LogLevel.Information);
        Assert.Equal(AuditStage.Category, line.Category);
        Assert.Contains(ours, r => r.Level == LogLevel.Debug && r.Category?.EndsWith(".StartMeetingStage", StringComparison.Ordinal) == true);
    }

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        await _huawei.DisposeAsync();
        _logs.Dispose();
    }

    private Task<ActivationResult> Activate(string password) => Activation.ActivateAsync(Alice, MeetingId, password, CancellationToken.None);
}
