using System.Diagnostics;

namespace MeetingBot.Meetings.Telemetry;

/// <summary>
/// The <c>MeetingBot</c> activity source: a span per turn parents the activation span, which parents the Huawei HTTP
/// spans (made by the HttpClient instrumentation). Span attributes come from <see cref="TelemetryValues"/> only.
/// </summary>
public static class MeetingBotTracing
{
    public const string SourceName = "MeetingBot";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>The span of one activation attempt; its outcome is set when the attempt is audited.</summary>
    public static Activity? StartActivation(string? channelId)
    {
        var activity = Source.StartActivity("activate");
        activity?.SetTag("meetingbot.channel", TelemetryValues.Channel(channelId));
        return activity;
    }

    /// <summary>The trace id of the current span: the reference users see in an error, and log lines carry.</summary>
    public static string? CurrentTraceId() =>
        Activity.Current is { } current && current.TraceId != default ? current.TraceId.ToHexString() : null;
}
