namespace MeetingBot.Meetings.Huawei;

internal enum HuaweiFailureKind
{
    /// <summary>Huawei answered with a non-success status.</summary>
    HttpError,

    /// <summary>No answer in time.</summary>
    Timeout,

    /// <summary>Huawei could not be reached (connection refused, DNS, TLS, reset).</summary>
    Unreachable,

    /// <summary>A success status with a body we cannot use.</summary>
    MalformedResponse,
}

/// <summary>Why a call to Huawei failed, with what support needs to trace it. Never carries a secret.</summary>
internal sealed record HuaweiFailure(
    HuaweiFailureKind Kind,
    int? StatusCode = null,
    string? ErrorCode = null,
    string? RequestId = null,
    TimeSpan? RetryAfter = null);

/// <summary>The outcome of one call to Huawei: a value or a failure.</summary>
internal sealed record HuaweiCallResult<T>(T? Value, HuaweiFailure? Failure, string? RequestId)
    where T : class
{
    public static HuaweiCallResult<T> Success(T value, string? requestId) => new(value, null, requestId);

    public static HuaweiCallResult<T> Failed(HuaweiFailure failure) => new(null, failure, failure.RequestId);
}
