using System.Diagnostics;
using MeetingBot.Cards;
using MeetingBot.Conversation;
using MeetingBot.Meetings.Telemetry;

namespace MeetingBot.Telemetry;

/// <summary>
/// One turn as telemetry: the <c>turn</c> span (channel, activity type, command) that parents the activation, and the
/// <c>meetingbot.turns</c> count with its result when the turn ends. Used by the Bot Framework middleware and the Slack
/// slash-command endpoint alike.
/// </summary>
public sealed class TurnTelemetry : IDisposable
{
    private readonly MeetingBotMetrics metrics;
    private readonly Activity? span;
    private readonly string? channelId;
    private readonly string? activityType;
    private bool failed;

    private const string SpanName = "turn";
    private const string CommandTag = "meetingbot.command";

    private TurnTelemetry(MeetingBotMetrics metrics, string? channelId, string? activityType, Func<string?>? command)
    {
        this.metrics = metrics;
        this.channelId = channelId;
        this.activityType = activityType;
        span = MeetingBotTracing.Source.StartActivity(SpanName);
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag("meetingbot.channel", TelemetryValues.Channel(channelId));
            span.SetTag("meetingbot.activity_type", TelemetryValues.ActivityType(activityType));
            span.SetTag(CommandTag, command?.Invoke() ?? TelemetryValues.None);
        }
    }

    /// <param name="command">
    /// The command the turn carries, from a fixed set (read only when the span is recorded); or null when the bot names
    /// it later with <see cref="CommandRead"/>.
    /// </param>
    public static TurnTelemetry Start(MeetingBotMetrics metrics, string? channelId, string? activityType, Func<string?>? command = null) =>
        new(metrics, channelId, activityType, command);

    /// <summary>
    /// Names what the user asked for on the span of the turn in progress, once the bot has read it: a command name or card
    /// verb, never the text itself (it may hold a password).
    /// </summary>
    public static void CommandRead(TurnInput input)
    {
        if (Activity.Current is { IsAllDataRequested: true, OperationName: SpanName } turn && turn.Source == MeetingBotTracing.Source)
        {
            turn.SetTag(CommandTag, CommandOf(input));
        }
    }

    private static string CommandOf(TurnInput input) => input switch
    {
        TypedCommand typed => TelemetryValues.SnakeCase(typed.Command.Kind.ToString()),
        CardSubmit submit => CardVerbs.All.Contains(submit.Verb) ? TelemetryValues.SnakeCase(submit.Verb) : TelemetryValues.Other,
        _ => TelemetryValues.None,
    };

    /// <summary>The turn broke: counted as an error; the span keeps the exception's type only (its message may quote input).</summary>
    public void Failed(Exception exception)
    {
        failed = true;
        span?.SetStatus(ActivityStatusCode.Error);
        span?.SetTag("error.type", exception.GetType().FullName);
    }

    public void Dispose()
    {
        metrics.TurnFinished(channelId, activityType, succeeded: !failed);
        span?.Dispose();
    }
}
