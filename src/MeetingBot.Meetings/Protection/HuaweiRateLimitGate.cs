using System.Net;
using MeetingBot.Meetings.Huawei;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MeetingBot.Meetings.Protection;

/// <summary>
/// Remembers until when Huawei asked us to stop calling, per endpoint (or for all endpoints when the exhausted
/// limit is the app's, user's or IP's). Fed by every Huawei response; read before every Huawei request.
/// A singleton: handlers come and go with the HttpClientFactory's handler lifetime, the holds must not.
/// Huawei sets a deadline, not a count, so a timestamp per endpoint is the whole state, kept by <see cref="IHuaweiPauses"/>
/// (in this process, or shared by every replica through Redis).
/// </summary>
public sealed class HuaweiRateLimitGate(
    IHuaweiPauses pauses, IOptions<ProtectionOptions> options, TimeProvider time, ILogger<HuaweiRateLimitGate> logger)
{
    private const string AllEndpoints = "*";

    /// <summary>How long calls to this endpoint are still held; null when they may go out.</summary>
    public TimeSpan? HeldFor(string endpoint)
    {
        var now = time.GetUtcNow();
        var until = Later(HeldUntil(endpoint), HeldUntil(AllEndpoints));
        return until > now ? until - now : null;
    }

    /// <summary>
    /// Holds calls as the answer says. Huawei's own word on when to retry (a 429's <c>Retry-After</c>) wins: the gateway's
    /// exhausted windows in the same answer are not a second, longer hold. Without it, the exhausted windows hold their
    /// endpoint (or every endpoint), and a 429 that names no window at all holds for <see cref="ProtectionOptions.HuaweiHoldDefault"/>.
    /// </summary>
    public async ValueTask ObserveAsync(string endpoint, HttpResponseMessage response)
    {
        var throttled = response.StatusCode == HttpStatusCode.TooManyRequests;
        if (throttled && RetryAfter.FromRetryAfterHeader(response.Headers, time.GetUtcNow()) is { } huaweiSays)
        {
            await HoldAsync(endpoint, huaweiSays, "429 with Retry-After");
            return;
        }

        var heldByWindow = false;
        foreach (var (header, window) in RetryAfter.FromApigRateLimits(response.Headers))
        {
            await HoldAsync(LimitsEveryEndpoint(header) ? AllEndpoints : endpoint, window, header);
            heldByWindow = true;
        }

        if (throttled && !heldByWindow)
        {
            await HoldAsync(endpoint, options.Value.HuaweiHoldDefault, "429");
        }
    }

    // X-APIG-Ratelimit-Api and -Api-Allenv limit one API; -User, -App and -Ip limit every API the caller uses.
    private static bool LimitsEveryEndpoint(string header) =>
        !header.AsSpan(RetryAfter.ApigRateLimitHeaderPrefix.Length).TrimStart('-').StartsWith("Api", StringComparison.OrdinalIgnoreCase);

    private async ValueTask HoldAsync(string key, TimeSpan duration, string reason)
    {
        var max = options.Value.HuaweiHoldMax;
        var hold = duration > max ? max : duration;
        if (hold <= TimeSpan.Zero)
        {
            return;
        }

        await pauses.PauseUntilAsync(key, time.GetUtcNow() + hold);
        logger.LogWarning(
            "Huawei rate limit reached ({Reason}) for {Endpoint}: holding calls for {HoldSeconds:0.#} s",
            reason,
            key == AllEndpoints ? "all endpoints" : key,
            hold.TotalSeconds);
    }

    private DateTimeOffset HeldUntil(string key) => pauses.PausedUntil(key);

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
