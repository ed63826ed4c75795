using System.Diagnostics;
using MeetingBot.Meetings.Telemetry;

namespace MeetingBot.Telemetry;

/// <summary>
/// One turn as telemetry: the <c>turn</c> span (channel, activity type, command) that parents the activation, and the
/// <c>meetingbot.turns</c> count with its result when the turn ends. Used by the Bot Framework middleware and the Slack
/// slash-command endpoint alike.
/// </summary>
public sealed class TurnTelemetry : IDisposable
{
    private readonly Activity? span;
    private readonly string? channelId;
    private readonly string? activityType;
    private bool failed;

    private TurnTelemetry(string? channelId, string? activityType, Func<string?> command)
    {
        this.channelId = channelId;
        this.activityType = activityType;
        span = MeetingBotTracing.Source.StartActivity("turn");
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag("meetingbot.channel", TelemetryValues.Channel(channelId));
            span.SetTag("meetingbot.activity_type", TelemetryValues.ActivityType(activityType));
            span.SetTag("meetingbot.command", command() ?? TelemetryValues.None);
        }
    }

    /// <param name="command">The command the turn carries, from a fixed set (read only when the span is recorded).</param>
    public static TurnTelemetry Start(string? channelId, string? activityType, Func<string?> command) => new(channelId, activityType, command);

    /// <summary>The turn broke: counted as an error; the span keeps the exception's type only (its message may quote input).</summary>
    public void Failed(Exception exception)
    {
        failed = true;
        span?.SetStatus(ActivityStatusCode.Error);
        span?.SetTag("error.type", exception.GetType().FullName);
    }

    public void Dispose()
    {
        MeetingBotMetrics.TurnFinished(channelId, activityType, succeeded: !failed);
        span?.Dispose();
    }
}
