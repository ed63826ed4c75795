using MeetingBot.Meetings.Protection;
using MeetingBot.State.ActivationGuards;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace MeetingBot.Meetings.Tests.Protection;

public class FailedAttemptTrackerTests
{
    [Fact]
    public void Counters_stay_within_the_configured_bound_when_many_users_fail()
    {
        var options = new ProtectionOptions { MaxTrackedKeys = 100 };
        using var tracker = new FailedAttemptTracker(Options.Create(options), new FakeTimeProvider());

        for (var i = 0; i < 10_000; i++)
        {
            tracker.RecordFailure(new ChatUser("webchat", null, $"user-{i}"), "986030665");
        }

        Assert.InRange(tracker.TrackedKeys, 1, 100);
    }

    [Fact]
    public void Lockout_is_reported_for_the_longer_of_the_meeting_and_the_user_lockouts()
    {
        var time = new FakeTimeProvider();
        var options = new ProtectionOptions { MaxFailedAttempts = 2, MaxFailedAttemptsPerUser = 3, FailureWindow = TimeSpan.FromMinutes(10) };
        using var tracker = new FailedAttemptTracker(Options.Create(options), time);
        var user = new ChatUser("webchat", null, "u");

        tracker.RecordFailure(user, "111111111");
        time.Advance(TimeSpan.FromMinutes(1));
        tracker.RecordFailure(user, "222222222");
        time.Advance(TimeSpan.FromMinutes(1));
        tracker.RecordFailure(user, "222222222");

        // Meeting 222222222: oldest failure 1 minute ago → 9 minutes; the user: oldest 2 minutes ago → 8 minutes.
        Assert.Equal(TimeSpan.FromMinutes(9), tracker.LockedOutFor(user, "222222222"));
        Assert.Equal(TimeSpan.FromMinutes(8), tracker.LockedOutFor(user, "333333333"));
    }
}
