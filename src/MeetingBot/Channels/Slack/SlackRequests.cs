using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;

namespace MeetingBot.Channels.Slack;

/// <summary>Reads what a verified Slack request carries (a slash command, an interaction) from its raw body.</summary>
public delegate bool SlackPayloadReader<T>(ReadOnlySpan<byte> body, [NotNullWhen(true)] out T? payload);

/// <summary>
/// What every request from Slack (slash commands, interactivity) passes before the bot acts on it: the endpoint is on
/// (<see cref="SlackOptions.SigningSecret"/> set), the body within the endpoint's bound, Slack's signature over the raw
/// body valid and no older than five minutes, the body of the kind the endpoint takes, and a <c>response_url</c> on
/// Slack's host. Every Slack endpoint refuses alike: 404 off, 413 too large, 401 signature, 400 body or <c>response_url</c>.
/// </summary>
public sealed class SlackRequests(IOptions<SlackOptions> options, SlackSignatureVerifier verifier, SlackResponseUrlPolicy responseUrls)
{
    /// <param name="kind">What the request is, for the log line of a refusal ("Slack slash command").</param>
    /// <returns>The payload, or the answer that refuses the request.</returns>
    public async Task<(T? Payload, IResult? Refusal)> ReadAsync<T>(HttpContext context, ILogger logger, string kind, SlackPayloadReader<T> read)
        where T : class
    {
        if (!options.Value.IsEnabled)
        {
            return (null, Results.NotFound());
        }

        var body = await BoundedRequestBody.ReadAsync(context);
        if (body is null)
        {
            return (null, Results.StatusCode(StatusCodes.Status413PayloadTooLarge));
        }

        var headers = context.Request.Headers;
        var check = verifier.Verify(headers[SlackSignatureVerifier.TimestampHeader], headers[SlackSignatureVerifier.SignatureHeader], body);
        if (check != SlackSignatureCheck.Valid)
        {
            logger.LogWarning("{SlackRequestKind} refused: signature check {SignatureCheck}", kind, check);
            return (null, Results.Unauthorized());
        }

        if (!read(body, out var payload))
        {
            logger.LogWarning("{SlackRequestKind} refused: the body lacks the fields Slack sends", kind);
            return (null, Results.BadRequest());
        }

        return (payload, null);
    }

    /// <summary>A refusal (400) when <paramref name="responseUrl"/> is not Slack's, so no answer goes anywhere else; else null.</summary>
    public IResult? RefuseResponseUrl(Uri? responseUrl, ILogger logger, string kind)
    {
        if (responseUrls.IsAllowed(responseUrl))
        {
            return null;
        }

        logger.LogWarning("{SlackRequestKind} refused: response_url host {Host} is not allowed", kind, responseUrl?.Host);
        return Results.BadRequest();
    }
}
