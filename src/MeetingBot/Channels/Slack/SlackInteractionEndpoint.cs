using MeetingBot.Conversation;
using Microsoft.Extensions.Options;

namespace MeetingBot.Channels.Slack;

/// <summary>
/// <c>POST /api/slack/interactions</c>: the Slack app's interactivity request URL, where Slack sends every interaction with
/// the app (a Slack app has one). Verified exactly as slash commands are (<see cref="SlackRequest"/>: the same signature
/// check, body bound and answers), then a click on one of the bot's Activate buttons is acknowledged at once (Slack waits
/// 3 seconds at most) and answered through its <c>response_url</c> by <see cref="SlackInteractionHandler"/>. Any other
/// interaction is acknowledged and left alone.
/// </summary>
public static class SlackInteractionEndpoint
{
    public const string Route = "/api/slack/interactions";

    public static async Task<IResult> HandleAsync(
        HttpContext context,
        IOptions<SlackOptions> options,
        SlackSignatureVerifier verifier,
        SlackResponseUrlPolicy responseUrlPolicy,
        SlackInteractionHandler handler,
        ILoggerFactory loggerFactory)
    {
        var logger = loggerFactory.CreateLogger(typeof(SlackInteractionEndpoint).FullName!);
        var (body, refusal) = await SlackRequest.ReadVerifiedAsync(context, options.Value, verifier, logger, "Slack interaction");
        if (refusal is not null)
        {
            return refusal;
        }

        if (!SlackInteractionPayload.TryParse(body!, out var payload))
        {
            logger.LogWarning("Slack interaction refused: no payload field with a type, team and user");
            return Results.BadRequest();
        }

        if (payload.Click is not { } click)
        {
            logger.LogInformation("Slack interaction of type {InteractionType} acknowledged and ignored: not an Activate button of the bot", ChannelInput.Clean(payload.Type));
            return Results.Ok();
        }

        if (!responseUrlPolicy.IsAllowed(payload.ResponseUrl))
        {
            logger.LogWarning("Slack interaction refused: response_url host {Host} is not allowed", payload.ResponseUrl?.Host);
            return Results.BadRequest();
        }

        // The acknowledgement goes out now; the request stays open until the answer is posted, so a graceful shutdown
        // waits for it like for any request.
        context.Response.StatusCode = StatusCodes.Status200OK;
        await context.Response.CompleteAsync();
        await handler.HandleAsync(payload, click, CancellationToken.None);
        return Results.Empty;
    }
}
