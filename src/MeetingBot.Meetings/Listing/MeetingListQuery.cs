namespace MeetingBot.Meetings.Listing;

/// <summary>How far ahead to list (Huawei's <c>queryConfMode</c>).</summary>
public enum MeetingTimeRange
{
    Day,
    Week,
    Month,
    All,
}

/// <summary>
/// Which of the user's meetings to list: a page (<see cref="Offset"/>, <see cref="Limit"/> of at most
/// <see cref="MaxLimit"/>), optionally only those matching <see cref="SearchKey"/> (subject, scheduler or meeting ID, as
/// the user typed it) and within <see cref="Within"/>. Meetings come soonest first.
/// </summary>
public sealed record MeetingListQuery
{
    public const int DefaultLimit = 20;

    /// <summary>Huawei answers at most 500 meetings a page.</summary>
    public const int MaxLimit = 500;

    /// <summary>Huawei takes 1 to 128 characters.</summary>
    public const int MaxSearchKeyLength = 128;

    /// <summary>How many meetings to skip; not negative.</summary>
    public int Offset { get; init; }

    /// <summary>How many meetings to answer, 1 to <see cref="MaxLimit"/>.</summary>
    public int Limit { get; init; } = DefaultLimit;

    /// <summary>What the user searches for; blank lists every meeting. Longer than 128 characters is invalid input.</summary>
    public string? SearchKey { get; init; }

    /// <summary>Null: Huawei's default, every meeting in progress or not started yet.</summary>
    public MeetingTimeRange? Within { get; init; }
}
