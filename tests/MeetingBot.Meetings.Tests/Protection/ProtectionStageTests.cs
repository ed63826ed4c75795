using MeetingBot.Testing;
using MeetingBot.Meetings.Activation;
using MeetingBot.Meetings.Protection;
using MeetingBot.State.ActivationGuards;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace MeetingBot.Meetings.Tests.Protection;

public sealed class ProtectionStageTests : IDisposable
{
    private const string Meeting = "986030665";
    private const string WrongPassword = "654321";

    private static readonly ChatUser Alice = new("msteams", "tenant-1", "29:alice");
    private static readonly ChatUser Bob = new("msteams", "tenant-1", "29:bob");

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero));
    private readonly Mock<IMeetingActivationService> _inner = new();
    private readonly ProtectionOptions _options = new() { AttemptsPerMinute = 1_000 };
    private readonly HuaweiMeetingOptions _huawei = new() { ActivationTimeout = TimeSpan.FromSeconds(12) };
    private FailedAttemptTracker? _tracker;
    private UserAttemptLimiter? _limiter;

    public ProtectionStageTests()
    {
        _inner.Setup(s => s.ActivateAsync(It.IsAny<ChatUser>(), It.IsAny<MeetingCredentials>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((ChatUser _, MeetingCredentials request, CancellationToken _) => Answer(request.MeetingId, request.Password));
    }

    [Fact]
    public async Task The_sixth_wrong_password_within_the_window_is_refused_without_calling_the_inner_service()
    {
        var service = Create();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(ActivationOutcome.WrongMeetingIdOrPassword, (await Activate(service, Alice, Meeting, WrongPassword)).Outcome);
            _time.Advance(TimeSpan.FromSeconds(30));
        }

        var sixth = await Activate(service, Alice, Meeting, WrongPassword);

        Assert.Equal(ActivationOutcome.LockedOut, sixth.Outcome);
        Assert.Equal(Meeting, sixth.MeetingId);
        // The oldest failure was 150 s ago, so it leaves the 15-minute window in 12.5 minutes.
        Assert.Equal(TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(150), sixth.RetryAfter);
        InnerCalls(5);
    }

    [Fact]
    public async Task The_right_password_is_refused_too_while_locked_out()
    {
        var service = Create();
        await FailTimes(service, Alice, Meeting, 5);

        var result = await Activate(service, Alice, Meeting, "123456");

        Assert.Equal(ActivationOutcome.LockedOut, result.Outcome);
        InnerCalls(5);
    }

    [Fact]
    public async Task The_lockout_ends_when_the_oldest_failure_leaves_the_window()
    {
        var service = Create();
        await FailTimes(service, Alice, Meeting, 5);
        var lockedOut = await Activate(service, Alice, Meeting, "123456");

        _time.Advance(lockedOut.RetryAfter!.Value);
        var afterwards = await Activate(service, Alice, Meeting, "123456");

        Assert.Equal(ActivationOutcome.Activated, afterwards.Outcome);
    }

    [Fact]
    public async Task A_window_is_configurable_and_failures_older_than_it_do_not_count()
    {
        _options.MaxFailedAttempts = 3;
        _options.FailureWindow = TimeSpan.FromMinutes(1);
        var service = Create();

        await FailTimes(service, Alice, Meeting, 2);
        _time.Advance(TimeSpan.FromMinutes(2));
        await FailTimes(service, Alice, Meeting, 2);
        var stillAllowed = await Activate(service, Alice, Meeting, WrongPassword);
        var locked = await Activate(service, Alice, Meeting, WrongPassword);

        Assert.Equal(ActivationOutcome.WrongMeetingIdOrPassword, stillAllowed.Outcome);
        Assert.Equal(ActivationOutcome.LockedOut, locked.Outcome);
    }

    [Fact]
    public async Task Success_resets_the_count_for_that_meeting()
    {
        var service = Create();
        await FailTimes(service, Alice, Meeting, 4);
        Assert.True((await Activate(service, Alice, Meeting, "123456")).IsActivated);

        await FailTimes(service, Alice, Meeting, 4);
        var fifthSinceSuccess = await Activate(service, Alice, Meeting, WrongPassword);

        Assert.Equal(ActivationOutcome.WrongMeetingIdOrPassword, fifthSinceSuccess.Outcome);
        InnerCalls(10);
    }

    [Fact]
    public async Task A_locked_out_user_does_not_lock_out_another_user_or_another_meeting()
    {
        var service = Create();
        await FailTimes(service, Alice, Meeting, 5);

        Assert.True((await Activate(service, Bob, Meeting, "123456")).IsActivated);
        Assert.Equal(ActivationOutcome.MeetingNotFound, (await Activate(service, Alice, "555222333", "123456")).Outcome);
    }

    [Fact]
    public async Task Guessing_across_many_meetings_locks_the_user_out_of_every_meeting()
    {
        var service = Create();
        for (var i = 0; i < _options.MaxFailedAttemptsPerUser; i++)
        {
            await Activate(service, Alice, $"55500{i:D4}", "123456");
        }

        var next = await Activate(service, Alice, Meeting, "123456");

        Assert.Equal(ActivationOutcome.LockedOut, next.Outcome);
        InnerCalls(_options.MaxFailedAttemptsPerUser);
    }

    [Fact]
    public async Task Activating_ones_own_meeting_does_not_reset_the_per_user_count()
    {
        _options.MaxFailedAttemptsPerUser = 6;
        var service = Create();
        await FailTimes(service, Alice, "777000001", 3);
        Assert.True((await Activate(service, Alice, Meeting, "123456")).IsActivated);
        await FailTimes(service, Alice, "777000002", 3);

        var next = await Activate(service, Alice, "777000003", "123456");

        Assert.Equal(ActivationOutcome.LockedOut, next.Outcome);
    }

    [Fact]
    public async Task Meeting_ids_typed_with_spaces_or_dashes_count_as_the_same_meeting()
    {
        var service = Create();
        await FailTimes(service, Alice, "986 030 665", 3);
        await FailTimes(service, Alice, "986-030-665", 2);

        Assert.Equal(ActivationOutcome.LockedOut, (await Activate(service, Alice, Meeting, "123456")).Outcome);
    }

    [Fact]
    public async Task Invalid_input_never_reaches_the_protection_so_it_is_never_counted_as_a_guess()
    {
        var service = Create();
        for (var i = 0; i < 20; i++)
        {
            Assert.Null(MeetingCredentials.TryCreate("12", "", out var problems));
            Assert.Equal([InputProblem.MeetingIdWrongLength, InputProblem.PasswordMissing], problems);
        }

        Assert.True((await Activate(service, Alice, Meeting, "123456")).IsActivated);
    }

    [Fact]
    public async Task Attempts_beyond_the_per_user_rate_are_refused_with_retry_after_and_never_reach_the_inner_service()
    {
        _options.AttemptsPerMinute = 3;
        var service = Create();
        for (var i = 0; i < 3; i++)
        {
            Assert.True((await Activate(service, Alice, Meeting, "123456")).IsActivated);
        }

        var fourth = await Activate(service, Alice, Meeting, "123456");
        var bobsFirst = await Activate(service, Bob, Meeting, "123456");

        Assert.Equal(ActivationOutcome.TooManyAttempts, fourth.Outcome);
        Assert.InRange(fourth.RetryAfter!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20));
        Assert.True(bobsFirst.IsActivated);
        InnerCalls(4);
    }

    [Fact]
    public async Task A_second_attempt_while_the_first_is_still_running_waits_its_turn_and_then_runs()
    {
        var release = new TaskCompletionSource();
        var running = 0;
        var mostAtOnce = 0;
        _inner.Setup(s => s.ActivateAsync(It.Is<ChatUser>(u => u == Alice), It.IsAny<MeetingCredentials>(), It.IsAny<CancellationToken>()))
            .Returns(async (ChatUser _, MeetingCredentials request, CancellationToken _) =>
            {
                mostAtOnce = Math.Max(mostAtOnce, Interlocked.Increment(ref running));
                await release.Task;
                Interlocked.Decrement(ref running);
                return Answer(request.MeetingId, request.Password);
            });
        var service = Create();

        var first = Activate(service, Alice, Meeting, "123456");
        var second = Activate(service, Alice, Meeting, "123456");
        var bobMeanwhile = await Activate(service, Bob, Meeting, "123456");
        Assert.False(second.IsCompleted);
        release.SetResult();

        Assert.True((await first).IsActivated);
        Assert.True((await second).IsActivated);
        Assert.True(bobMeanwhile.IsActivated);
        Assert.Equal(1, mostAtOnce);
        InnerCalls(3);
    }

    [Fact]
    public async Task Wrong_passwords_sent_at_once_still_lock_out_after_exactly_the_limit()
    {
        _options.MaxQueuedAttemptsPerUser = 10;
        _inner.Setup(s => s.ActivateAsync(It.IsAny<ChatUser>(), It.IsAny<MeetingCredentials>(), It.IsAny<CancellationToken>()))
            .Returns(async (ChatUser _, MeetingCredentials request, CancellationToken _) =>
            {
                await Task.Yield();
                return Answer(request.MeetingId, request.Password);
            });
        var service = Create();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Activate(service, Alice, Meeting, WrongPassword)));

        Assert.Equal(5, results.Count(r => r.Outcome == ActivationOutcome.WrongMeetingIdOrPassword));
        Assert.Equal(3, results.Count(r => r.Outcome == ActivationOutcome.LockedOut));
        InnerCalls(5);
    }

    [Fact]
    public async Task Beyond_the_queue_limit_an_attempt_is_refused_as_too_many_at_once()
    {
        var release = InnerWaitsFor();
        var service = Create();

        var running = Activate(service, Alice, Meeting, "123456");
        var queued = Enumerable.Range(0, _options.MaxQueuedAttemptsPerUser).Select(_ => Activate(service, Alice, Meeting, "123456")).ToList();
        var oneTooMany = await Activate(service, Alice, Meeting, "123456");
        release.SetResult();

        Assert.Equal(ActivationOutcome.TooManyAtOnce, oneTooMany.Outcome);
        Assert.Equal(UserAttemptLimiter.BusyRetryAfter, oneTooMany.RetryAfter);
        Assert.All(await Task.WhenAll([running, .. queued]), r => Assert.True(r.IsActivated));
        InnerCalls(1 + _options.MaxQueuedAttemptsPerUser);
    }

    [Fact]
    public async Task A_queued_attempt_still_waiting_at_the_deadline_is_timed_out_without_calling_huawei()
    {
        var release = InnerWaitsFor();
        var service = Create();

        var running = Activate(service, Alice, Meeting, "123456");
        var queued = Activate(service, Alice, Meeting, "123456");
        _time.Advance(_huawei.ActivationTimeout);
        var timedOut = await queued.WaitAsync(TimeSpan.FromSeconds(30));
        release.SetResult();
        await running;

        Assert.Equal(ActivationOutcome.TimedOut, timedOut.Outcome);
        Assert.Equal(Meeting, timedOut.MeetingId);
        InnerCalls(1);
    }

    [Fact]
    public async Task Sign_out_is_passed_through()
    {
        await Create().SignOutAsync(Alice, CancellationToken.None);

        _inner.Verify(s => s.SignOutAsync(Alice, It.IsAny<CancellationToken>()), Times.Once);
    }

    public void Dispose()
    {
        _tracker?.Dispose();
        _limiter?.Dispose();
    }

    /// <summary>The protection stage behind the deadline, as the core composes them.</summary>
    private DeadlineStage Create()
    {
        _tracker = new FailedAttemptTracker(Options.Create(_options), _time);
        _limiter = new UserAttemptLimiter(Options.Create(_options));
        return new DeadlineStage(new ProtectionStage(_inner.Object, new InProcessActivationGuard(_tracker, _limiter), _time), Options.Create(_huawei), _time);
    }

    private static Task<ActivationResult> Activate(IMeetingActivationService service, ChatUser user, string meetingId, string password) =>
        service.ActivateAsync(user, meetingId, password, CancellationToken.None);

    private static async Task FailTimes(IMeetingActivationService service, ChatUser user, string meetingId, int times)
    {
        for (var i = 0; i < times; i++)
        {
            Assert.Equal(ActivationOutcome.WrongMeetingIdOrPassword, (await Activate(service, user, meetingId, WrongPassword)).Outcome);
        }
    }

    private void InnerCalls(int expected) =>
        _inner.Verify(s => s.ActivateAsync(It.IsAny<ChatUser>(), It.IsAny<MeetingCredentials>(), It.IsAny<CancellationToken>()), Times.Exactly(expected));

    /// <summary>Every inner activation waits until the returned source is set, then answers as <see cref="Answer"/> does.</summary>
    private TaskCompletionSource InnerWaitsFor()
    {
        var release = new TaskCompletionSource();
        _inner.Setup(s => s.ActivateAsync(It.IsAny<ChatUser>(), It.IsAny<MeetingCredentials>(), It.IsAny<CancellationToken>()))
            .Returns(async (ChatUser _, MeetingCredentials request, CancellationToken _) =>
            {
                await release.Task;
                return Answer(request.MeetingId, request.Password);
            });
        return release;
    }

    /// <summary>Meeting 986030665 has password 123456; IDs starting 555 do not exist; invalid input is refused.</summary>
    private ActivationResult Answer(string meetingId, string password)
    {
        var id = MeetingInput.NormalizeMeetingId(meetingId);
        var problems = MeetingInput.Validate(meetingId, password);
        var outcome = problems.Count > 0 ? ActivationOutcome.InvalidInput
            : id.StartsWith("555", StringComparison.Ordinal) ? ActivationOutcome.MeetingNotFound
            : password == "123456" ? ActivationOutcome.Activated
            : ActivationOutcome.WrongMeetingIdOrPassword;
        return new ActivationResult
        {
            Outcome = outcome,
            MeetingId = id,
            RegionIp = outcome == ActivationOutcome.Activated ? "100.94.23.40" : null,
            InputProblems = problems,
            CompletedAt = _time.GetUtcNow(),
        };
    }
}
