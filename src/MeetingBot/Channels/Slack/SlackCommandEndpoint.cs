using MeetingBot.Meetings.Telemetry;
using MeetingBot.Telemetry;

namespace MeetingBot.Channels.Slack;

/// <summary>
/// <c>POST /api/slack/commands</c>: Slack's slash-command request URL. Verifies the signature over the raw body
/// before anything else is looked at, then hands the command to <see cref="SlashCommandHandler"/>. Its body limit
/// (<see cref="SlackOptions.MaxRequestBodyBytes"/>) is the endpoint's own metadata.
/// </summary>
public static class SlackCommandEndpoint
{
    public const string Route = "/api/slack/commands";

    private const string Kind = "Slack slash command";

    public static async Task<IResult> HandleAsync(
        HttpContext context,
        SlackRequests requests,
        SlashCommandHandler adapter,
        SlackReplies replies,
        MeetingBotMetrics metrics,
        ILoggerFactory loggerFactory)
    {
        var logger = loggerFactory.CreateLogger(typeof(SlackCommandEndpoint).FullName!);
        var (payload, refusal) = await requests.ReadAsync<SlashCommandPayload>(context, logger, Kind, SlashCommandPayload.TryParse);
        if (refusal is not null || payload!.IsSslCheck)
        {
            return refusal ?? Results.Ok();
        }

        if (requests.RefuseResponseUrl(payload.ResponseUrl, logger, Kind) is { } refused)
        {
            return refused;
        }

        using var turn = TurnTelemetry.Start(metrics, SlashCommandHandler.ChannelId, "slash_command", () => CommandOf(payload));
        try
        {
            var reply = await adapter.HandleAsync(payload, context.RequestAborted);
            return Results.Json(reply, SlackMessage.JsonOptions);
        }
        catch (Exception exception) when (!context.RequestAborted.IsCancellationRequested)
        {
            turn.Failed(exception);
            var reply = SlackTurnFailure.LoggedReplyFor(exception, logger, Kind);
            return Results.Json(replies.Render(reply, new SlackAudience(payload.UserId)), SlackMessage.JsonOptions);
        }
    }

    /// <summary>The command's kind for the turn span (never its text, which may hold a password).</summary>
    private static string CommandOf(SlashCommandPayload payload) =>
        TelemetryValues.SnakeCase(payload.ReadCommand().Command.Kind.ToString());
}
