using MeetingBot.Meetings;
using MeetingBot.Meetings.Activation;
using MeetingBot.Meetings.Protection;
using MeetingBot.State.ActivationGuards;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace MeetingBot.Tests.State.Contracts;

/// <summary>
/// What every <see cref="IActivationGuard"/> must do, each rule written once: the lockout after too many wrong answers
/// (per meeting and per user, in a sliding window; the right password is refused too while it lasts), the attempts per
/// minute, and a user's activations one at a time with a bounded queue that the activation's deadline empties.
/// The guard sits where the app puts it, behind <see cref="DeadlineStage"/> and <see cref="ProtectionStage"/> (typed input
/// is validated before, by <see cref="MeetingCredentials"/>), in front of an inner stage that answers as Huawei would
/// (986030665 / 123456 is right, IDs starting 555 do not exist) and is counted. Steps land on <see cref="Replica.A"/>
/// or <see cref="Replica.B"/>. Runs against <see cref="InProcessActivationGuard"/> (<see cref="InProcessActivationGuardContractTests"/>)
/// and <see cref="RedisActivationGuard"/> (<see cref="RedisActivationGuardTests"/>, with what only Redis does).
/// Not here: the attempts coming back one per period, which only the Redis guard counts on its <see cref="TimeProvider"/>
/// (the in-process one is a System.Threading.RateLimiting token bucket, which refills on the wall clock).
/// </summary>
public abstract class ActivationGuardContract
{
    protected const string Meeting = "986030665";
    protected const string Right = "123456";
    protected const string Wrong = "654321";

    protected static readonly ChatUser Alice = new("msteams", "tenant-1", "29:alice");
    protected static readonly ChatUser Bob = new("msteams", "tenant-1", "29:bob");

    private int _admitting;

    protected ActivationGuardContract() => AnswerAfter(_ => Task.CompletedTask);

    /// <summary>Whole milliseconds, as Redis counts them.</summary>
    protected FakeTimeProvider Time { get; } = new(DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));

    protected ProtectionOptions Protection { get; } = new() { AttemptsPerMinute = 1_000 };

    protected HuaweiMeetingOptions Huawei { get; } = new() { ActivationTimeout = TimeSpan.FromSeconds(12) };

    protected Mock<IMeetingActivationService> Inner { get; } = new();

    /// <summary>Attempts the guard has neither admitted nor refused yet (in its AdmitAsync now).</summary>
    protected int Admitting => Volatile.Read(ref _admitting);

    /// <summary>
    /// The guard behind <paramref name="replica"/>, built with <see cref="Protection"/>, <see cref="Huawei"/> and
    /// <see cref="Time"/>: a test sets the options it needs before it asks for its replicas.
    /// </summary>
    protected abstract Task<IActivationGuard> GuardAsync(Replica replica);

    /// <summary>Waits until exactly <paramref name="count"/> of <paramref name="user"/>'s attempts wait their turn behind the running one.</summary>
    protected abstract Task UntilWaitingAsync(ChatUser user, int count);

    [Fact]
    public async Task The_sixth_wrong_password_within_the_window_is_refused_without_calling_the_inner_stage()
    {
        var (a, b) = await ReplicasAsync();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(ActivationOutcome.WrongMeetingIdOrPassword, (await Activate(a, Alice, Meeting, Wrong)).Outcome);
            Time.Advance(TimeSpan.FromSeconds(30));
        }

        var sixth = await Activate(b, Alice, Meeting, Wrong);

        Assert.Equal(ActivationOutcome.LockedOut, sixth.Outcome);
        Assert.Equal(Meeting, sixth.MeetingId);
        // The oldest failure was 150 s ago, so it leaves the 15-minute window in 12.5 minutes.
        Assert.Equal(TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(150), sixth.RetryAfter);
        InnerCalls(5);
    }

    [Fact]
    public async Task The_right_password_is_refused_too_while_locked_out()
    {
        var (a, b) = await ReplicasAsync();
        await FailTimes(a, Alice, Meeting, 5);

        var result = await Activate(b, Alice, Meeting, Right);

        Assert.Equal(ActivationOutcome.LockedOut, result.Outcome);
        Assert.Equal(Protection.FailureWindow, result.RetryAfter);
        InnerCalls(5);
    }

    [Fact]
    public async Task The_lockout_ends_everywhere_when_the_oldest_failure_leaves_the_window()
    {
        var (a, b) = await ReplicasAsync();
        for (var i = 0; i < 5; i++)
        {
            await FailTimes(i % 2 == 0 ? a : b, Alice, Meeting, 1);
        }

        var lockedOut = await Activate(a, Alice, Meeting, Right);
        Time.Advance(lockedOut.RetryAfter!.Value);
        var afterwards = await Activate(b, Alice, Meeting, Right);

        Assert.Equal(ActivationOutcome.LockedOut, lockedOut.Outcome);
        Assert.Equal(ActivationOutcome.Activated, afterwards.Outcome);
    }

    [Fact]
    public async Task A_window_is_configurable_and_failures_older_than_it_do_not_count()
    {
        Protection.MaxFailedAttempts = 3;
        Protection.FailureWindow = TimeSpan.FromMinutes(1);
        var (a, b) = await ReplicasAsync();

        await FailTimes(a, Alice, Meeting, 2);
        Time.Advance(TimeSpan.FromMinutes(2));
        await FailTimes(b, Alice, Meeting, 2);
        var stillAllowed = await Activate(a, Alice, Meeting, Wrong);
        var locked = await Activate(b, Alice, Meeting, Wrong);

        Assert.Equal(ActivationOutcome.WrongMeetingIdOrPassword, stillAllowed.Outcome);
        Assert.Equal(ActivationOutcome.LockedOut, locked.Outcome);
    }

    [Fact]
    public async Task Success_resets_the_count_for_that_meeting()
    {
        var (a, b) = await ReplicasAsync();
        await FailTimes(a, Alice, Meeting, 4);
        Assert.True((await Activate(b, Alice, Meeting, Right)).IsActivated);

        await FailTimes(a, Alice, Meeting, 4);
        var fifthSinceSuccess = await Activate(b, Alice, Meeting, Wrong);

        Assert.Equal(ActivationOutcome.WrongMeetingIdOrPassword, fifthSinceSuccess.Outcome);
        InnerCalls(10);
    }

    [Fact]
    public async Task A_success_forgets_that_meetings_failures_but_not_the_users_count_across_meetings()
    {
        Protection.MaxFailedAttemptsPerUser = 6;
        var (a, b) = await ReplicasAsync();
        await FailTimes(a, Alice, Meeting, 4);
        Assert.Equal(ActivationOutcome.Activated, (await Activate(b, Alice, Meeting, Right)).Outcome);

        await FailTimes(a, Alice, Meeting, 1);
        Assert.Equal(ActivationOutcome.MeetingNotFound, (await Activate(b, Alice, "555000111", Right)).Outcome);

        // Six failures of the user: activating their own meeting did not reset that count.
        Assert.Equal(ActivationOutcome.LockedOut, (await Activate(a, Alice, Meeting, Right)).Outcome);
        Assert.Equal(ActivationOutcome.LockedOut, (await Activate(b, Alice, "777000003", Right)).Outcome);
        InnerCalls(7);
    }

    [Fact]
    public async Task A_locked_out_user_does_not_lock_out_another_user_or_another_meeting()
    {
        var (a, b) = await ReplicasAsync();
        await FailTimes(a, Alice, Meeting, 5);

        Assert.True((await Activate(b, Bob, Meeting, Right)).IsActivated);
        Assert.Equal(ActivationOutcome.MeetingNotFound, (await Activate(b, Alice, "555222333", Right)).Outcome);
    }

    [Fact]
    public async Task Guessing_across_many_meetings_locks_the_user_out_of_every_meeting()
    {
        var (a, b) = await ReplicasAsync();
        for (var i = 0; i < Protection.MaxFailedAttemptsPerUser; i++)
        {
            await Activate(i % 2 == 0 ? a : b, Alice, $"55500{i:D4}", Right);
        }

        var next = await Activate(a, Alice, Meeting, Right);

        Assert.Equal(ActivationOutcome.LockedOut, next.Outcome);
        InnerCalls(Protection.MaxFailedAttemptsPerUser);
    }

    [Fact]
    public async Task The_lockout_reported_is_the_longer_of_the_meetings_and_the_users()
    {
        Protection.MaxFailedAttempts = 2;
        Protection.MaxFailedAttemptsPerUser = 3;
        Protection.FailureWindow = TimeSpan.FromMinutes(10);
        var (a, b) = await ReplicasAsync();

        await FailTimes(a, Alice, "111111111", 1);
        Time.Advance(TimeSpan.FromMinutes(1));
        await FailTimes(b, Alice, "222222222", 1);
        Time.Advance(TimeSpan.FromMinutes(1));
        await FailTimes(a, Alice, "222222222", 1);

        // Meeting 222222222: oldest failure 1 minute ago → 9 minutes; the user: oldest 2 minutes ago → 8 minutes.
        var thatMeeting = await Activate(b, Alice, "222222222", Right);
        var anotherMeeting = await Activate(a, Alice, "333333333", Right);
        Assert.Equal((ActivationOutcome.LockedOut, TimeSpan.FromMinutes(9)), (thatMeeting.Outcome, thatMeeting.RetryAfter));
        Assert.Equal((ActivationOutcome.LockedOut, TimeSpan.FromMinutes(8)), (anotherMeeting.Outcome, anotherMeeting.RetryAfter));
    }

    [Fact]
    public async Task Meeting_ids_typed_with_spaces_or_dashes_count_as_the_same_meeting()
    {
        var (a, b) = await ReplicasAsync();
        await FailTimes(a, Alice, "986 030 665", 3);
        await FailTimes(b, Alice, "986-030-665", 2);

        Assert.Equal(ActivationOutcome.LockedOut, (await Activate(a, Alice, Meeting, Right)).Outcome);
    }

    [Fact]
    public async Task Invalid_input_never_reaches_the_protection_so_it_is_never_counted_as_a_guess()
    {
        var (a, _) = await ReplicasAsync();
        for (var i = 0; i < 20; i++)
        {
            Assert.Null(MeetingCredentials.TryCreate("12", "", out var problems));
            Assert.Equal([InputProblem.MeetingIdWrongLength, InputProblem.PasswordMissing], problems);
        }

        Assert.True((await Activate(a, Alice, Meeting, Right)).IsActivated);
        InnerCalls(1);
    }

    [Fact]
    public async Task Attempts_beyond_the_per_user_rate_are_refused_with_retry_after_and_never_reach_the_inner_stage()
    {
        Protection.AttemptsPerMinute = 3;
        var (a, b) = await ReplicasAsync();
        foreach (var replica in new[] { a, b, a })
        {
            Assert.True((await Activate(replica, Alice, Meeting, Right)).IsActivated);
        }

        var fourth = await Activate(b, Alice, Meeting, Right);
        var bobsFirst = await Activate(a, Bob, Meeting, Right);

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
        AnswerAfter(async user =>
        {
            if (user != Alice)
            {
                return;
            }

            InterlockedMax(ref mostAtOnce, Interlocked.Increment(ref running));
            await release.Task;
            Interlocked.Decrement(ref running);
        });
        var (a, b) = await ReplicasAsync();

        var first = Activate(a, Alice, Meeting, Right);
        await Poll.UntilAsync(() => Volatile.Read(ref running) == 1, TimeSpan.FromSeconds(10), "the first activation to run");
        var second = Activate(b, Alice, Meeting, Right);
        await UntilWaitingAsync(Alice, 1);
        var bobMeanwhile = await Activate(b, Bob, Meeting, Right);
        Assert.False(second.IsCompleted);
        release.SetResult();

        Assert.True((await first).IsActivated);
        Assert.True((await second).IsActivated);
        Assert.True(bobMeanwhile.IsActivated);
        Assert.Equal(1, mostAtOnce);
        InnerCalls(3);
    }

    [Fact]
    public async Task Beyond_the_queue_limit_an_attempt_is_refused_as_too_many_at_once()
    {
        Protection.MaxQueuedAttemptsPerUser = 2;
        var release = new TaskCompletionSource();
        var running = 0;
        var mostAtOnce = 0;
        AnswerAfter(async _ =>
        {
            InterlockedMax(ref mostAtOnce, Interlocked.Increment(ref running));
            await release.Task;
            Interlocked.Decrement(ref running);
        });
        var (a, b) = await ReplicasAsync();

        var first = Activate(a, Alice, Meeting, Right);
        await Poll.UntilAsync(() => InnerCallCount() == 1, TimeSpan.FromSeconds(10), "the first activation to run");
        var queued = new[] { Activate(b, Alice, Meeting, Right), Activate(a, Alice, Meeting, Right) };
        await UntilWaitingAsync(Alice, 2);
        var oneTooMany = await Activate(b, Alice, Meeting, Right);
        Assert.All(queued, q => Assert.False(q.IsCompleted));
        release.SetResult();

        Assert.Equal(ActivationOutcome.TooManyAtOnce, oneTooMany.Outcome);
        Assert.Equal(UserAttemptLimiter.BusyRetryAfter, oneTooMany.RetryAfter);
        Assert.All(await Task.WhenAll([first, .. queued]), r => Assert.True(r.IsActivated));
        Assert.Equal(1, mostAtOnce);
        InnerCalls(3);
    }

    [Fact]
    public async Task Wrong_passwords_sent_at_once_still_lock_out_after_exactly_the_limit()
    {
        Protection.MaxQueuedAttemptsPerUser = 20;
        var firstAnswer = new TaskCompletionSource();
        AnswerAfter(_ => InnerCallCount() == 1 ? firstAnswer.Task : Task.CompletedTask);
        var (a, b) = await ReplicasAsync();

        // Twelve at once: the first is answered only once the eleven others wait their turn behind it.
        var attempts = Enumerable.Range(0, 12).Select(i => Activate(i % 2 == 0 ? a : b, Alice, Meeting, Wrong)).ToList();
        await Poll.UntilAsync(() => InnerCallCount() == 1, TimeSpan.FromSeconds(10), "the first activation to run");
        await UntilWaitingAsync(Alice, 11);
        firstAnswer.SetResult();
        var results = await Task.WhenAll(attempts);

        Assert.Equal(5, results.Count(r => r.Outcome == ActivationOutcome.WrongMeetingIdOrPassword));
        Assert.Equal(7, results.Count(r => r.Outcome == ActivationOutcome.LockedOut));
        InnerCalls(5);
    }

    [Fact]
    public async Task A_queued_attempt_still_waiting_at_the_deadline_times_out_without_calling_the_inner_stage_and_leaves_the_queue()
    {
        Protection.MaxQueuedAttemptsPerUser = 1;
        var release = new TaskCompletionSource();
        AnswerAfter(_ => release.Task);
        var (a, b) = await ReplicasAsync();

        var running = Activate(a, Alice, Meeting, Right);
        await Poll.UntilAsync(() => InnerCallCount() == 1, TimeSpan.FromSeconds(10), "the first activation to run");
        var queued = Activate(b, Alice, Meeting, Right);
        await UntilWaitingAsync(Alice, 1);
        Time.Advance(Huawei.ActivationTimeout);
        var timedOut = await queued.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, InnerCallCount());

        // Its place is free again: with room for one in the queue, the next attempt waits there instead of being refused.
        var next = Activate(a, Alice, Meeting, Right);
        await UntilWaitingAsync(Alice, 1);
        Assert.False(next.IsCompleted);
        release.SetResult();
        await running;

        Assert.Equal(ActivationOutcome.TimedOut, timedOut.Outcome);
        Assert.Equal(Meeting, timedOut.MeetingId);
        Assert.True((await next).IsActivated);
        InnerCalls(2);
    }

    /// <summary>A and B, each behind the app's entry and protection stage, counted while in the guard.</summary>
    protected async Task<(IMeetingActivationService A, IMeetingActivationService B)> ReplicasAsync() =>
        (Entry(await GuardAsync(Replica.A)), Entry(await GuardAsync(Replica.B)));

    protected IMeetingActivationService Entry(IActivationGuard guard) =>
        new DeadlineStage(new ProtectionStage(Inner.Object, new WatchedGuard(guard, this), Time), Options.Create(Huawei), Time);

    protected static Task<ActivationResult> Activate(IMeetingActivationService service, ChatUser user, string meetingId, string password) =>
        service.ActivateAsync(user, meetingId, password, CancellationToken.None);

    /// <summary>Wrong passwords, each answered as one.</summary>
    protected static async Task FailTimes(IMeetingActivationService service, ChatUser user, string meetingId, int times)
    {
        for (var i = 0; i < times; i++)
        {
            Assert.Equal(ActivationOutcome.WrongMeetingIdOrPassword, (await Activate(service, user, meetingId, Wrong)).Outcome);
        }
    }

    /// <summary>The inner stage awaits <paramref name="delay"/> (given the activating user), then answers as Huawei would.</summary>
    protected void AnswerAfter(Func<ChatUser, Task> delay) =>
        Inner.Setup(s => s.ActivateAsync(It.IsAny<ChatUser>(), It.IsAny<MeetingCredentials>(), It.IsAny<CancellationToken>()))
            .Returns(async (ChatUser user, MeetingCredentials request, CancellationToken _) =>
            {
                await delay(user);
                var outcome = request.MeetingId.StartsWith("555", StringComparison.Ordinal) ? ActivationOutcome.MeetingNotFound
                    : request.Password == Right ? ActivationOutcome.Activated
                    : ActivationOutcome.WrongMeetingIdOrPassword;
                return new ActivationResult
                {
                    Outcome = outcome,
                    MeetingId = request.MeetingId,
                    RegionIp = outcome == ActivationOutcome.Activated ? "100.94.23.40" : null,
                    CompletedAt = Time.GetUtcNow(),
                };
            });

    protected int InnerCallCount() => Inner.Invocations.Count(i => i.Method.Name == nameof(IMeetingActivationService.ActivateAsync));

    protected void InnerCalls(int expected) =>
        Inner.Verify(s => s.ActivateAsync(It.IsAny<ChatUser>(), It.IsAny<MeetingCredentials>(), It.IsAny<CancellationToken>()), Times.Exactly(expected));

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    /// <summary>Counts the attempts inside the guard, for <see cref="Admitting"/>.</summary>
    private sealed class WatchedGuard(IActivationGuard guard, ActivationGuardContract contract) : IActivationGuard
    {
        public async ValueTask<Admission> AdmitAsync(ChatUser user, string meetingId, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref contract._admitting);
            try
            {
                return await guard.AdmitAsync(user, meetingId, cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref contract._admitting);
            }
        }
    }
}

/// <summary>
/// The contract on <see cref="InProcessActivationGuard"/>: one process, so A and B are the same guard. Its lockout and
/// attempts are checked synchronously and its only wait is the user's turn, so an attempt still inside the guard is
/// one waiting its turn. (The memory bound of its counters: FailedAttemptTrackerTests.)
/// </summary>
public sealed class InProcessActivationGuardContractTests : ActivationGuardContract, IDisposable
{
    private FailedAttemptTracker? _tracker;
    private UserAttemptLimiter? _limiter;
    private InProcessActivationGuard? _guard;

    protected override Task<IActivationGuard> GuardAsync(Replica replica)
    {
        if (_guard is null)
        {
            _tracker = new FailedAttemptTracker(Options.Create(Protection), Time);
            _limiter = new UserAttemptLimiter(Options.Create(Protection));
            _guard = new InProcessActivationGuard(_tracker, _limiter);
        }

        return Task.FromResult<IActivationGuard>(_guard);
    }

    protected override Task UntilWaitingAsync(ChatUser user, int count) =>
        Poll.UntilAsync(() => Admitting == count, TimeSpan.FromSeconds(10), $"{count} attempts to wait their turn");

    public void Dispose()
    {
        _tracker?.Dispose();
        _limiter?.Dispose();
    }
}
