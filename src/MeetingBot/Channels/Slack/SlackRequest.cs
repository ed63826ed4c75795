namespace MeetingBot.Channels.Slack;

/// <summary>
/// What every request from Slack (slash commands, interactivity) passes before anything in it is looked at: the endpoint is
/// on (<see cref="SlackOptions.SigningSecret"/> set), the body within the endpoint's bound, and Slack's signature over the
/// raw body valid and no older than five minutes.
/// </summary>
public static class SlackRequest
{
    /// <param name="kind">What the request is, for the log line of a refusal ("Slack slash command").</param>
    /// <returns>The raw body, or the answer that refuses the request (404 off, 413 too large, 401 signature).</returns>
    public static async Task<(byte[]? Body, IResult? Refusal)> ReadVerifiedAsync(
        HttpContext context, SlackOptions options, SlackSignatureVerifier verifier, ILogger logger, string kind)
    {
        if (!options.IsEnabled)
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

        return (body, null);
    }
}
