using System.Diagnostics;
using MeetingBot.Commands;
using MeetingBot.Meetings.Telemetry;
using MeetingBot.Telemetry;
using Microsoft.Extensions.Options;

namespace MeetingBot.Slack;

/// <summary>
/// <c>POST /api/slack/commands</c>: Slack's slash-command request URL. Verifies the signature over the raw body
/// before anything else is looked at, then answers with an ephemeral Block Kit message.
/// </summary>
public static class SlackCommandEndpoint
{
    public const string Route = "/api/slack/commands";

    public static async Task<IResult> HandleAsync(
        HttpContext context,
        IOptions<SlackOptions> options,
        SlackSignatureVerifier verifier,
        SlackResponseUrlPolicy responseUrlPolicy,
        SlashCommandHandler handler,
        SlackReplies replies,
        ILoggerFactory loggerFactory)
    {
        if (!options.Value.IsEnabled)
        {
            return Results.NotFound();
        }

        var logger = loggerFactory.CreateLogger(typeof(SlackCommandEndpoint).FullName!);
        var request = context.Request;
        var body = await RequestBody.ReadAsync(request, options.Value.MaxRequestBodyBytes, context.RequestAborted);
        if (body is null)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        var check = verifier.Verify(
            request.Headers[SlackSignatureVerifier.TimestampHeader],
            request.Headers[SlackSignatureVerifier.SignatureHeader],
            body);
        if (check != SlackSignatureCheck.Valid)
        {
            logger.LogWarning("Slack slash command refused: signature check {SignatureCheck}", check);
            return Results.Unauthorized();
        }

        if (!SlashCommandPayload.TryParse(body, out var payload))
        {
            logger.LogWarning("Slack slash command refused: the form lacks command, team_id or user_id");
            return Results.BadRequest();
        }

        if (payload.IsSslCheck)
        {
            return Results.Ok();
        }

        if (!responseUrlPolicy.IsAllowed(payload.ResponseUrl))
        {
            logger.LogWarning("Slack slash command refused: response_url host {Host} is not allowed", payload.ResponseUrl?.Host);
            return Results.BadRequest();
        }

        using var turn = TurnTelemetry.Start(SlashCommandHandler.ChannelId, "slash_command", () => CommandOf(payload));
        var reference = Activity.Current?.TraceId.ToHexString() ?? context.TraceIdentifier;
        try
        {
            var reply = await handler.HandleAsync(payload, reference, context.RequestAborted);
            return Results.Json(reply, SlackMessage.JsonOptions);
        }
        catch (Exception exception) when (!context.RequestAborted.IsCancellationRequested)
        {
            turn.Failed(exception);
            logger.LogError(exception, "Slack slash command failed; reference {Reference}", reference);
            return Results.Json(replies.Unexpected(reference), SlackMessage.JsonOptions);
        }
    }

    /// <summary>The command's kind for the turn span (never its text, which may hold a password).</summary>
    private static string CommandOf(SlashCommandPayload payload)
    {
        var kind = CommandParser.Parse(payload.Text).Kind;
        return TelemetryValues.SnakeCase((kind == CommandKind.Unknown ? CommandParser.Parse($"{payload.Command} {payload.Text}").Kind : kind).ToString());
    }
}
