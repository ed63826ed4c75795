using System.ComponentModel.DataAnnotations;

namespace MeetingBot.State;

/// <summary>The <c>State</c> section: how long what the bot remembers about a conversation or user lives, and how much of it.</summary>
public sealed class StateOptions
{
    public const string SectionName = "State";

    /// <summary>Conversation and user state is forgotten after this long without a write (in Redis and in memory).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")]
    public TimeSpan IdleExpiry { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// In memory only (no Redis): most conversation and user state entries kept at once; the least recently used go first.
    /// </summary>
    [Range(100, 10_000_000)]
    public int MaxInMemoryEntries { get; set; } = 100_000;

    /// <summary>
    /// With Redis: how long a replica reuses an access token it already read or wrote before reading Redis again (never
    /// past the token's expiry). A sign-out on one replica reaches the others within this time. Zero: always read Redis.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan LocalTokenLifetime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>With Redis: most access tokens one replica keeps locally for <see cref="LocalTokenLifetime"/>.</summary>
    [Range(100, 10_000_000)]
    public int MaxLocalTokens { get; set; } = 10_000;
}
