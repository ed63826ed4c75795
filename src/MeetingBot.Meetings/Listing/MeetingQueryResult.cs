namespace MeetingBot.Meetings.Listing;

/// <summary>What became of a list, lookup or chair-password request. Every value but <see cref="Succeeded"/> is a failure.</summary>
public enum MeetingQueryOutcome
{
    Succeeded,

    /// <summary>The meeting ID or the search text broke the input rules; nothing was sent to Huawei.</summary>
    InvalidInput,

    /// <summary>No such meeting among the user's meetings that have not ended.</summary>
    MeetingNotFound,

    /// <summary>The user is only a guest of the meeting: Huawei gave no host password (chair-password requests only).</summary>
    NotHost,

    /// <summary>Huawei does not let the user see the meeting, or the user has no usable Huawei identity.</summary>
    NotPermitted,

    /// <summary>Service-provider mode: the user's organisation is mapped to no Huawei enterprise; nothing was sent.</summary>
    OrganisationNotConnected,

    /// <summary>Huawei could not authenticate the app, or rejected the user's token twice.</summary>
    AuthenticationFailed,

    /// <summary>Huawei said too many requests, or its limit still holds; try again after <see cref="MeetingQueryResult{T}.RetryAfter"/>.</summary>
    RateLimited,

    /// <summary>Huawei refused the query as malformed (400): not something the user can fix.</summary>
    Rejected,

    /// <summary>
    /// The user asks too often, or is locked out, by this bot's own limits (<c>Protection</c>); refused without calling
    /// Huawei, try again after <see cref="MeetingQueryResult{T}.RetryAfter"/>.
    /// </summary>
    TooManyAttempts,

    /// <summary>Huawei answered with a server error, an unusable body, or could not be reached.</summary>
    ServiceUnavailable,

    /// <summary>Huawei did not answer in time.</summary>
    TimedOut,
}

/// <summary>
/// The typed result of a request about the user's meetings: <see cref="Value"/> when it succeeded, else why not, with
/// Huawei's error code and request id for support. Never carries a password or token (a <see cref="ChairPassword"/>
/// value prints without its password).
/// </summary>
public sealed record MeetingQueryResult<T>
    where T : class
{
    public required MeetingQueryOutcome Outcome { get; init; }

    public T? Value { get; init; }

    /// <summary>Huawei's <c>error_code</c>, for example <c>MMC.111070005</c>.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>Huawei's <c>X-Request-Id</c> (or the id we sent when Huawei gave none).</summary>
    public string? RequestId { get; init; }

    /// <summary>When to try again, for <see cref="MeetingQueryOutcome.RateLimited"/> (when Huawei said) and <see cref="MeetingQueryOutcome.TooManyAttempts"/>.</summary>
    public TimeSpan? RetryAfter { get; init; }

    public bool Succeeded => Outcome == MeetingQueryOutcome.Succeeded;
}
