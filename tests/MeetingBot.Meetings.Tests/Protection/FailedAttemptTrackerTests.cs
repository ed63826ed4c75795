using MeetingBot.Meetings.Protection;
using MeetingBot.State.ActivationGuards;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace MeetingBot.Meetings.Tests.Protection;

/// <summary>
/// What only the in-process counters do: stay within their memory bound. The lockout rules, the longer of the meeting's and
/// the user's included, are the activation guard contract's (tests/MeetingBot.Tests/State/Contracts).
/// </summary>
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
}
