using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using MeetingBot.Meetings.Huawei;
using MeetingBot.Meetings.Telemetry;

namespace MeetingBot.Meetings.Protection;

/// <summary>
/// Client-side limiter for the Huawei HttpClient: while Huawei's announced limit is exhausted or its Retry-After
/// has not passed, answers locally with a 429 carrying Retry-After (no network call), which the service maps to
/// RateLimited like a real one. Register it after any retry handler, so every network attempt passes the gate.
/// </summary>
public sealed class HuaweiRateLimitHandler(HuaweiRateLimitGate gate, MeetingBotMetrics metrics) : DelegatingHandler
{
    /// <summary>Marks a 429 that never left the process.</summary>
    public const string HeldLocallyHeader = "X-MeetingBot-Held-Locally";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var endpoint = request.RequestUri?.AbsolutePath ?? "/";
        if (gate.HeldFor(endpoint) is { } heldFor)
        {
            metrics.Refused(RefusalReason.HuaweiHold);
            return HeldLocally(request, heldFor);
        }

        var response = await base.SendAsync(request, cancellationToken);
        await gate.ObserveAsync(endpoint, response);
        return response;
    }

    private static HttpResponseMessage HeldLocally(HttpRequestMessage request, TimeSpan heldFor)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(heldFor.TotalSeconds));
        var body = $$"""{"error_code":"{{HuaweiErrorCodes.ApiGatewayThrottled}}","error_msg":"Held by the client until Huawei's rate limit resets ({{seconds.ToString(CultureInfo.InvariantCulture)}} s)."}""";
        var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests)
        {
            RequestMessage = request,
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(seconds));
        response.Headers.Add(HeldLocallyHeader, "true");
        return response;
    }
}
