using System.Diagnostics;
using System.Text.Json;
using MeetingBot.Meetings.Huawei;

namespace MeetingBot.Meetings.Telemetry;

/// <summary>
/// Counts and times every request that reaches Huawei (<c>meetingbot.huawei.requests</c>, <c>meetingbot.huawei.duration</c>)
/// by endpoint, status and Huawei's <c>error_code</c>. Sits innermost on the Huawei client, so each network attempt of a
/// retry is one request, and requests held locally for Huawei's rate limit never count as sent.
/// </summary>
public sealed class HuaweiRequestMetricsHandler(MeetingBotMetrics metrics) : DelegatingHandler
{
    public const string AppAuthEndpoint = "appauth";
    public const string StartConferenceEndpoint = "conferences_start";
    public const string SearchMeetingsEndpoint = "conferences_search";
    public const string MeetingDetailEndpoint = "conferences_detail";

    /// <summary>The endpoint label for a request path (without its query), or null for a path that is none of the client's.</summary>
    public static string? EndpointOf(string? path) => path switch
    {
        HuaweiMeetingClient.AppAuthPath => AppAuthEndpoint,
        HuaweiMeetingClient.StartConferencePath => StartConferenceEndpoint,
        HuaweiMeetingClient.SearchMeetingsPath => SearchMeetingsEndpoint,
        HuaweiMeetingClient.MeetingDetailPath => MeetingDetailEndpoint,
        _ => null,
    };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var endpoint = EndpointOf(request.RequestUri?.AbsolutePath) ?? TelemetryValues.Other;
        var started = Stopwatch.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            metrics.HuaweiAnswered(endpoint, null, "timeout", Stopwatch.GetElapsedTime(started));
            throw;
        }
        catch (HttpRequestException)
        {
            metrics.HuaweiAnswered(endpoint, null, "unreachable", Stopwatch.GetElapsedTime(started));
            throw;
        }

        var errorCode = response.IsSuccessStatusCode ? null : await ErrorCodeAsync(response, cancellationToken);
        metrics.HuaweiAnswered(endpoint, (int)response.StatusCode, errorCode, Stopwatch.GetElapsedTime(started));
        return response;
    }

    /// <summary>Huawei's <c>error_code</c> from an error body (buffered, so the client reads it again).</summary>
    private static async Task<string?> ErrorCodeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("error_code", out var code)
                && code.ValueKind == JsonValueKind.String
                ? code.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
