using MeetingBot.Meetings.Activation;
using MeetingBot.Meetings.Tests.Support;
using MeetingBot.Sandbox;
using MeetingBot.Testing;
using Microsoft.Extensions.Time.Testing;

namespace MeetingBot.Meetings.Tests.Sandbox;

/// <summary>The whole client path over real HTTP against the simulator as the stub Huawei server.</summary>
public class SandboxActivationTests
{
    private static readonly ChatUser Alice = new("msteams", "tenant-1", "29:alice", AadObjectId: "6f1c2b9e-alice");
    private static readonly ChatUser Bob = new("slack", "T0001", "U0BOB");

    [Fact]
    public async Task The_demo_meeting_activates_with_its_region_ip_and_huaweis_request_id()
    {
        await using var sandbox = await SandboxHarness.StartAsync();

        var result = await sandbox.Activation.ActivateAsync(Alice, "986 030 665", "123456", CancellationToken.None);

        Assert.Equal(ActivationOutcome.Activated, result.Outcome);
        Assert.Equal("100.94.23.40", result.RegionIp);
        Assert.Equal(sandbox.Simulator.Requests[^1].RequestId, result.RequestId);
        Assert.Equal("6f1c2b9e-alice", sandbox.Simulator.Requests[0].UserId);
    }

    [Fact]
    public async Task A_wrong_password_gives_the_huawei_code_and_request_id()
    {
        await using var sandbox = await SandboxHarness.StartAsync();

        var result = await sandbox.Activation.ActivateAsync(Alice, "986030665", "654321", CancellationToken.None);

        Assert.Equal(ActivationOutcome.WrongMeetingIdOrPassword, result.Outcome);
        Assert.Equal("MMC.111072065", result.ErrorCode);
        Assert.Equal(sandbox.Simulator.Requests[^1].RequestId, result.RequestId);
        Assert.Equal(1, sandbox.Simulator.StartRequests);
    }

    [Fact]
    public async Task A_meeting_that_does_not_exist_is_reported_as_not_found()
    {
        await using var sandbox = await SandboxHarness.StartAsync();

        var result = await sandbox.Activation.ActivateAsync(Alice, "111111111", "123456", CancellationToken.None);

        Assert.Equal((ActivationOutcome.MeetingNotFound, "MMC.111070005"), (result.Outcome, result.ErrorCode));
    }

    [Fact]
    public async Task A_meeting_the_user_may_not_start_is_not_permitted()
    {
        await using var sandbox = await SandboxHarness.StartAsync();

        var result = await sandbox.Activation.ActivateAsync(Alice, HuaweiSimulatorOptions.NotPermittedMeetingId, "123456", CancellationToken.None);

        Assert.Equal((ActivationOutcome.NotPermitted, "MMC.111070002"), (result.Outcome, result.ErrorCode));
    }

    [Fact]
    public async Task The_same_user_again_reuses_the_token_and_another_user_gets_their_own()
    {
        await using var sandbox = await SandboxHarness.StartAsync();

        await sandbox.Activation.ActivateAsync(Alice, "986030665", "123456", CancellationToken.None);
        await sandbox.Activation.ActivateAsync(Alice, "986030665", "123456", CancellationToken.None);
        await sandbox.Activation.ActivateAsync(Bob, "986030665", "123456", CancellationToken.None);

        Assert.Equal(2, sandbox.Simulator.AuthRequests);
        Assert.Equal(3, sandbox.Simulator.StartRequests);
        Assert.Equal(["6f1c2b9e-alice", "U0BOB"], sandbox.Simulator.Requests.Where(r => r.Endpoint == SimulatorEndpoint.AppAuth).Select(r => r.UserId));
    }

    [Fact]
    public async Task Concurrent_activations_of_one_user_authenticate_once()
    {
        // They queue for the user's turn (one at a time), so the queue and the per-minute budget must hold all 20.
        await using var sandbox = await SandboxHarness.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Protection:AttemptsPerMinute"] = "20",
            ["Protection:MaxQueuedAttemptsPerUser"] = "19",
        });

        var results = await Task.WhenAll(Enumerable.Range(0, 20)
            .Select(_ => sandbox.Activation.ActivateAsync(Alice, "986030665", "123456", CancellationToken.None)));

        Assert.All(results, r => Assert.True(r.IsActivated));
        Assert.Equal(1, sandbox.Simulator.AuthRequests);
    }

    [Fact]
    public async Task A_revoked_token_is_replaced_and_the_activation_retried_once()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        await sandbox.Activation.ActivateAsync(Alice, "986030665", "123456", CancellationToken.None);

        sandbox.Simulator.RevokeAllTokens();
        var result = await sandbox.Activation.ActivateAsync(Alice, "986030665", "123456", CancellationToken.None);

        Assert.True(result.IsActivated);
        Assert.Equal(2, sandbox.Simulator.AuthRequests);
        Assert.Equal(3, sandbox.Simulator.StartRequests);
    }

    [Fact]
    public async Task A_second_401_is_an_authentication_error()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        sandbox.Simulator.ForceNext(SimulatorEndpoint.StartConference, SimulatedAnswer.TokenExpired(), times: 2);

        var result = await sandbox.Activation.ActivateAsync(Alice, "986030665", "123456", CancellationToken.None);

        Assert.Equal((ActivationOutcome.AuthenticationFailed, "USG.000000004"), (result.Outcome, result.ErrorCode));
        Assert.Equal(2, sandbox.Simulator.AuthRequests);
        Assert.Equal(2, sandbox.Simulator.StartRequests);
    }

    [Fact]
    public async Task A_429_with_retry_after_is_rate_limited_and_not_retried()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        sandbox.Simulator.ForceNext(SimulatorEndpoint.StartConference, SimulatedAnswer.RateLimited(TimeSpan.FromSeconds(30)));

        var result = await sandbox.Activation.ActivateAsync(Alice, "986030665", "123456", CancellationToken.None);

        Assert.Equal((ActivationOutcome.RateLimited, "APIG.0308"), (result.Outcome, result.ErrorCode));
        Assert.Equal(TimeSpan.FromSeconds(30), result.RetryAfter);
        Assert.Equal(1, sandbox.Simulator.StartRequests);
    }

    [Fact]
    public async Task A_429_with_only_api_gateway_headers_waits_for_the_exhausted_window()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        sandbox.Simulator.ForceNext(SimulatorEndpoint.AppAuth, SimulatedAnswer.RateLimited(retryAfter: null, "remain:0,limit:10,time:1 minute"));

        var result = await sandbox.Activation.ActivateAsync(Alice, "986030665", "123456", CancellationToken.None);

        Assert.Equal(ActivationOutcome.RateLimited, result.Outcome);
        Assert.Equal(TimeSpan.FromMinutes(1), result.RetryAfter);
        Assert.Equal(0, sandbox.Simulator.StartRequests);
    }

    [Fact]
    public async Task A_500_is_service_unavailable_and_not_retried()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        sandbox.Simulator.ForceNext(SimulatorEndpoint.StartConference, SimulatedAnswer.ServerError());

        var result = await sandbox.Activation.ActivateAsync(Alice, "986030665", "123456", CancellationToken.None);

        Assert.Equal((ActivationOutcome.ServiceUnavailable, "MMC.111070003"), (result.Outcome, result.ErrorCode));
        Assert.Equal(1, sandbox.Simulator.StartRequests);
    }

    [Fact]
    public async Task A_503_is_retried_and_the_activation_succeeds()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        sandbox.Simulator.ForceNext(SimulatorEndpoint.StartConference, SimulatedAnswer.ServerError(503));

        var result = await sandbox.Activation.ActivateAsync(Alice, "986030665", "123456", CancellationToken.None);

        Assert.True(result.IsActivated);
        Assert.Equal(2, sandbox.Simulator.StartRequests);
    }

    [Fact]
    public async Task A_slow_server_gives_timed_out_without_waiting_for_it()
    {
        // The per-request timeout, the activation's deadline and the simulator's slow answer all run on this clock,
        // which moves only once the start request waits at the simulator: by exactly the per-request timeout.
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var requestTimeout = TimeSpan.FromSeconds(3);
        var slowAnswer = TimeSpan.FromSeconds(60);
        await using var sandbox = await SandboxHarness.StartAsync(
            simulator => simulator.SlowMeetingDelay = slowAnswer,
            new Dictionary<string, string?> { ["HuaweiMeeting:RequestTimeout"] = "00:00:03", ["HuaweiMeeting:ActivationTimeout"] = "00:00:10" },
            time);
        // Authenticate first, so only the start meets the short per-request timeout.
        Assert.True((await sandbox.Activation.ActivateAsync(Alice, "986030665", "123456", CancellationToken.None)).IsActivated);

        var activation = sandbox.Activation.ActivateAsync(Alice, HuaweiSimulatorOptions.SlowMeetingId, "123456", CancellationToken.None);
        await Poll.UntilAsync(() => sandbox.Simulator.StartRequests == 2, TimeSpan.FromSeconds(60), "the slow start request reaching the simulator");
        // Only the attempt's timeout (its timer set before the request went out) has passed, not the server's minute.
        time.Advance(requestTimeout);
        var result = await activation.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(ActivationOutcome.TimedOut, result.Outcome);
        Assert.False(string.IsNullOrEmpty(result.RequestId));
        Assert.Equal(2, sandbox.Simulator.StartRequests);
        Assert.DoesNotContain(sandbox.Simulator.Requests, r => r.ConferenceId == HuaweiSimulatorOptions.SlowMeetingId && r.StatusCode == 200);
    }

    [Fact]
    public async Task The_slow_meeting_activates_when_it_answers_within_the_budget()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var sandbox = await SandboxHarness.StartAsync(simulator => simulator.SlowMeetingDelay = TimeSpan.FromMilliseconds(500), time: time);

        var activation = sandbox.Activation.ActivateAsync(Alice, HuaweiSimulatorOptions.SlowMeetingId, "123456", CancellationToken.None);
        await Poll.UntilAsync(() => sandbox.Simulator.StartRequests == 1, TimeSpan.FromSeconds(60), "the slow start request reaching the simulator");
        var result = await time.AdvanceUntilDoneAsync(activation, "the simulator's slow answer");

        Assert.Equal("100.94.23.41", result.RegionIp);
    }

    [Fact]
    public async Task A_wrong_app_key_fails_authentication_and_never_starts()
    {
        await using var sandbox = await SandboxHarness.StartAsync(
            settings: new Dictionary<string, string?> { ["HuaweiMeeting:AppKey"] = "not-the-simulators-key" });

        var result = await sandbox.Activation.ActivateAsync(Alice, "986030665", "123456", CancellationToken.None);

        Assert.Equal((ActivationOutcome.AuthenticationFailed, "USG.206010025"), (result.Outcome, result.ErrorCode));
        Assert.Equal(0, sandbox.Simulator.StartRequests);
    }

    [Fact]
    public async Task An_unreachable_huawei_is_service_unavailable()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        await sandbox.Simulator.StopAsync();

        var result = await sandbox.Activation.ActivateAsync(Alice, "986030665", "123456", CancellationToken.None);

        Assert.Equal(ActivationOutcome.ServiceUnavailable, result.Outcome);
    }

    [Fact]
    public async Task Invalid_input_makes_no_credentials_and_so_no_call_to_huawei()
    {
        await using var sandbox = await SandboxHarness.StartAsync();

        var meeting = MeetingCredentials.TryCreate("98603066x", "123456", out var problems);

        Assert.Null(meeting);
        Assert.Equal([InputProblem.MeetingIdNotDigits], problems);
        Assert.Equal(0, sandbox.Simulator.AuthRequests + sandbox.Simulator.StartRequests);
    }
}
