using MeetingBot.Bot;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace MeetingBot.Security;

/// <summary>
/// Stands in front of <c>POST /api/messages</c>, before the Bot Framework adapter authenticates or runs a turn:
/// with channel authentication on, refuses requests that carry no bearer token at all (401) before reading them;
/// refuses bodies over the size limit (413) and bodies that are not a JSON activity with the fields every activity
/// to a bot carries (400); answers 401 for a bearer token too malformed for the adapter to handle.
/// </summary>
internal sealed class ActivityRequestGuard(
    RequestDelegate next,
    IOptions<BotOptions> options,
    IConfiguration configuration,
    ILogger<ActivityRequestGuard> logger)
{
    // The adapter authenticates whenever an app id is configured (an empty one is the unauthenticated local mode).
    private readonly bool authenticationRequired = !string.IsNullOrWhiteSpace(configuration["MicrosoftAppId"]);

    public const string MessagesPath = "/api/messages";

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method) || !request.Path.Equals(MessagesPath, StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }

        // The adapter would answer 401 as well, but only after reading the body and logging an error for each such request.
        if (authenticationRequired && !HasBearerToken(request))
        {
            Refuse(context, StatusCodes.Status401Unauthorized, "no bearer token");
            return;
        }

        var limit = options.Value.MaxRequestBytes;
        var body = request.ContentLength > limit ? null : await ReadAtMostAsync(request.Body, limit, context.RequestAborted);
        if (body is null)
        {
            Refuse(context, StatusCodes.Status413PayloadTooLarge, $"larger than {limit} bytes");
            return;
        }

        if (ActivityShape.Problem(body) is { } problem)
        {
            Refuse(context, StatusCodes.Status400BadRequest, problem);
            return;
        }

        request.Body = new MemoryStream(body, writable: false);
        try
        {
            await next(context);
        }
        catch (Exception exception) when (exception is SecurityTokenException or SecurityTokenArgumentException && !context.Response.HasStarted)
        {
            // The adapter turns a missing or invalid token into 401 but lets a token it cannot even parse escape as a 500.
            logger.LogInformation("Refused a request to {Path} with 401: unreadable token ({TokenError})", MessagesPath, exception.GetType().Name);
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        }
    }

    private static bool HasBearerToken(HttpRequest request) =>
        request.Headers.Authorization.ToString() is { Length: > 7 } authorization
        && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
        && !string.IsNullOrWhiteSpace(authorization[7..]);

    /// <summary>The body, or null when it is longer than <paramref name="limit"/> (reading stops there).</summary>
    private static async Task<byte[]?> ReadAtMostAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private void Refuse(HttpContext context, int statusCode, string reason)
    {
        logger.LogInformation("Refused a request to {Path} with {StatusCode}: {Reason}", MessagesPath, statusCode, reason);
        context.Response.StatusCode = statusCode;
    }
}
