using MeetingBot.Conversation;

namespace MeetingBot.Channels.Slack;

/// <summary>
/// <c>POST /api/slack/interactions</c>: the Slack app's interactivity request URL, where Slack sends every interaction with
/// the app (a Slack app has one). Verified exactly as slash commands are (<see cref="SlackRequests"/>: the same signature
/// check, body bound and answers), then a click on one of the bot's Activate buttons is acknowledged at once (Slack waits
/// 3 seconds at most) and answered through its <c>response_url</c> by <see cref="SlackInteractionHandler"/>. Any other
/// interaction is acknowledged and left alone.
/// </summary>
public sealed class SlackInteractionEndpoint(SlackRequests requests, SlackInteractionHandler handler, ILogger<SlackInteractionEndpoint> logger)
{
    public const string Route = "/api/slack/interactions";

    public async Task<IResult> HandleAsync(HttpContext context)
    {
        var (payload, refusal) = await requests.ReadAsync<SlackInteractionPayload>(context, logger, "Slack interaction", SlackInteractionPayload.TryParse);
        if (refusal is not null)
        {
            return refusal;
        }

        if (payload!.Click is not { } click)
        {
            logger.LogInformation("Slack interaction of type {InteractionType} acknowledged and ignored: not an Activate button of the bot", ChannelInput.Clean(payload.Type));
            return Results.Ok();
        }

        if (requests.RefuseResponseUrl(payload.ResponseUrl, logger, "Slack interaction") is { } refused)
        {
            return refused;
        }

        // The acknowledgement goes out now; the request stays open until the answer is posted, so a graceful shutdown
        // waits for it like for any request.
        context.Response.StatusCode = StatusCodes.Status200OK;
        await context.Response.CompleteAsync();
        await handler.HandleAsync(payload, click, CancellationToken.None);
        return Results.Empty;
    }
}
