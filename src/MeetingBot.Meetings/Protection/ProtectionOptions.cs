using System.ComponentModel.DataAnnotations;

namespace MeetingBot.Meetings.Protection;

/// <summary>
/// Abuse resistance for activations (configuration section <c>Protection</c>): brute-force lockout, a per-user
/// attempt rate, and how long to hold calls when Huawei says we are sending too many.
/// </summary>
public sealed class ProtectionOptions
{
    public const string SectionName = "Protection";

    /// <summary>Wrong ID/password answers for one meeting by one user, within <see cref="FailureWindow"/>, before that user is locked out of that meeting.</summary>
    [Range(1, 1_000)]
    public int MaxFailedAttempts { get; set; } = 5;

    /// <summary>Wrong ID/password answers by one user across all meetings, within <see cref="FailureWindow"/>, before that user is locked out of every meeting.</summary>
    [Range(1, 10_000)]
    public int MaxFailedAttemptsPerUser { get; set; } = 10;

    /// <summary>How far back failures count; a lockout ends when its oldest counted failure leaves the window.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Activation attempts one user may make per minute (a burst of this many, then one every 60/N seconds).</summary>
    [Range(1, 10_000)]
    public int AttemptsPerMinute { get; set; } = 10;

    /// <summary>
    /// A user's activations run one at a time (so the lockout stays exact); this many more may wait their turn, each
    /// within the activation's deadline. One more than that is refused.
    /// </summary>
    [Range(0, 100)]
    public int MaxQueuedAttemptsPerUser { get; set; } = 5;

    /// <summary>Upper bound on the failure counters kept in memory (one per user and one per user and meeting).</summary>
    [Range(100, 10_000_000)]
    public int MaxTrackedKeys { get; set; } = 100_000;

    /// <summary>How long to hold calls after Huawei answers 429 without saying for how long.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan HuaweiHoldDefault { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest hold we accept from Huawei's headers, so one odd header cannot silence the bot for a day.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan HuaweiHoldMax { get; set; } = TimeSpan.FromMinutes(5);
}
