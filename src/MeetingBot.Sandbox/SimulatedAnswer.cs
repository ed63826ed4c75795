using System.Globalization;

namespace MeetingBot.Sandbox;

/// <summary>The simulator's endpoints.</summary>
public enum SimulatorEndpoint
{
    AppAuth,
    StartConference,

    /// <summary><c>GET /v1/mmc/management/conferences</c>: the user's meeting list.</summary>
    SearchMeetings,

    /// <summary><c>GET /v1/mmc/management/conferences/confDetail</c>: one meeting's details.</summary>
    MeetingDetail,
}

/// <summary>
/// A forced answer for tests (<see cref="HuaweiSimulator.ForceNext"/>): after <see cref="Delay"/>, either the given error
/// (when <see cref="StatusCode"/> is set) or the normal answer.
/// </summary>
public sealed record SimulatedAnswer
{
    /// <summary>The status to answer; null answers normally after the delay.</summary>
    public int? StatusCode { get; init; }

    public string? ErrorCode { get; init; }

    public string? ErrorMessage { get; init; }

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public TimeSpan Delay { get; init; }

    public static SimulatedAnswer Error(int statusCode, string errorCode, string errorMessage = "simulated error") =>
        new() { StatusCode = statusCode, ErrorCode = errorCode, ErrorMessage = errorMessage };

    /// <summary>401: the access token expired (as Huawei says when a token was revoked or outlived).</summary>
    public static SimulatedAnswer TokenExpired() => Error(401, SimulatorErrorCodes.TokenExpired, "token expired");

    /// <summary>429 with <c>Retry-After</c> and/or API Gateway's <c>X-APIG-Ratelimit-Api</c> header.</summary>
    public static SimulatedAnswer RateLimited(TimeSpan? retryAfter = null, string? apigRateLimit = "remain:0,limit:10,time:1 minute")
    {
        var headers = new Dictionary<string, string>();
        if (retryAfter is { } wait)
        {
            headers["Retry-After"] = ((long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        if (apigRateLimit is not null)
        {
            headers["X-APIG-Ratelimit-Api"] = apigRateLimit;
        }

        return Error(429, SimulatorErrorCodes.Throttled, "The throttling threshold has been reached") with { Headers = headers };
    }

    public static SimulatedAnswer ServerError(int statusCode = 500) => Error(statusCode, SimulatorErrorCodes.SystemFailure, "System processing failure");

    /// <summary>The normal answer, late.</summary>
    public static SimulatedAnswer Delayed(TimeSpan delay) => new() { Delay = delay };
}

/// <summary>The error codes the simulator answers, as Huawei Cloud Meeting does.</summary>
public static class SimulatorErrorCodes
{
    public const string WrongIdOrPassword = "MMC.111072065";
    public const string MeetingNotFound = "MMC.111070005";
    public const string NotPermitted = "MMC.111070002";
    public const string SystemFailure = "MMC.111070003";
    public const string TokenExpired = "USG.000000004";
    public const string AppIdVerificationFailed = "USG.206010025";
    public const string Throttled = "APIG.0308";

    /// <summary>The sandbox's own code for a malformed request (Huawei's real ones vary by field).</summary>
    public const string BadRequest = "USG.000000001";
}

/// <summary>One request as the simulator saw it, without secrets (no password, token, signature or key).</summary>
public sealed record SimulatorRequest(
    SimulatorEndpoint Endpoint,
    DateTimeOffset ReceivedAt,
    int StatusCode,
    string? ErrorCode,
    string RequestId,
    string? UserId,
    string? ConferenceId,
    string? CorpId = null);

/// <summary>
/// An account the simulator registered on a user's first sign-in, as Huawei writes it into the enterprise's address book:
/// the userName and userEmail the sign-in carried (null when it carried none). <see cref="CorpId"/> is null for the
/// single-enterprise app.
/// </summary>
public sealed record SimulatedAccount(string AppId, string? CorpId, string UserId, string? UserName, string? UserEmail);
