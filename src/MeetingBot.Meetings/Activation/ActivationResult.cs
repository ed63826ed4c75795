namespace MeetingBot.Meetings.Activation;

/// <summary>
/// The typed result of an activation. Expected failures are values, not exceptions; each keeps Huawei's
/// error code and request id so a user can quote them to support. Never carries a password or token.
/// </summary>
public sealed record ActivationResult
{
    public required ActivationOutcome Outcome { get; init; }

    /// <summary>The normalized meeting ID (digits only), or the raw input when it was invalid.</summary>
    public required string MeetingId { get; init; }

    /// <summary>The meeting's region IP; set only when <see cref="Outcome"/> is <see cref="ActivationOutcome.Activated"/>.</summary>
    public string? RegionIp { get; init; }

    /// <summary>Huawei's <c>error_code</c>, for example <c>MMC.111072065</c>.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>Huawei's <c>X-Request-Id</c> (or the id we sent when Huawei gave none).</summary>
    public string? RequestId { get; init; }

    /// <summary>The trace id under which the attempt was recorded (logs, spans): the reference a user quotes to support.</summary>
    public string? Reference { get; init; }

    /// <summary>When to try again: for <see cref="ActivationOutcome.RateLimited"/> (when Huawei said), <see cref="ActivationOutcome.TooManyAttempts"/>,
    /// <see cref="ActivationOutcome.TooManyAtOnce"/> and <see cref="ActivationOutcome.LockedOut"/>.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>What was wrong with the input, for <see cref="ActivationOutcome.InvalidInput"/>.</summary>
    public IReadOnlyList<InputProblem> InputProblems { get; init; } = [];

    /// <summary>When the attempt completed.</summary>
    public required DateTimeOffset CompletedAt { get; init; }

    public bool IsActivated => Outcome == ActivationOutcome.Activated;
}
