namespace MeetingBot.Channels.BotFramework;

/// <summary>
/// The activity endpoint's own filter (attached where the endpoint is mapped, so it goes wherever the route goes), run
/// before the Bot Framework adapter authenticates or runs a turn: with channel authentication on, refuses requests
/// that carry no bearer token at all (401) before reading them; refuses bodies over the endpoint's size limit (413)
/// and bodies that are not a JSON activity with the fields every activity to a bot carries (400). Every token that is
/// there is the adapter's to judge (<see cref="Bot.MeetingBotAdapter.ProcessAsync"/>).
/// </summary>
internal sealed class ActivityRequestGuard(IConfiguration configuration, ILogger<ActivityRequestGuard> logger) : IEndpointFilter
{
    // The adapter authenticates whenever an app id is configured (an empty one is the unauthenticated local mode).
    private readonly bool authenticationRequired = !string.IsNullOrWhiteSpace(configuration["MicrosoftAppId"]);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var request = context.Request;

        // The adapter would answer 401 as well, but only after reading the body.
        if (authenticationRequired && !HasBearerToken(request))
        {
            return Refuse(context, StatusCodes.Status401Unauthorized, "no bearer token");
        }

        var body = await BoundedRequestBody.ReadAsync(context);
        if (body is null)
        {
            return Refuse(context, StatusCodes.Status413PayloadTooLarge, "larger than the endpoint's limit");
        }

        if (ActivityShape.Problem(body) is { } problem)
        {
            return Refuse(context, StatusCodes.Status400BadRequest, problem);
        }

        request.Body = new MemoryStream(body, writable: false);
        return await next(invocation);
    }

    private static bool HasBearerToken(HttpRequest request) =>
        request.Headers.Authorization.ToString() is { Length: > 7 } authorization
        && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
        && !string.IsNullOrWhiteSpace(authorization[7..]);

    private IResult Refuse(HttpContext context, int statusCode, string reason)
    {
        logger.LogInformation("Refused a request to {Path} with {StatusCode}: {Reason}", context.Request.Path.Value, statusCode, reason);
        return Results.StatusCode(statusCode);
    }
}
