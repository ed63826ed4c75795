using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace MeetingBot.Security;

/// <summary>
/// Stands in front of <c>POST /api/messages</c>: refuses bodies over the size limit (413) and bodies that are not a
/// JSON object with an activity <c>type</c> (400), before the Bot Framework adapter authenticates or runs a turn;
/// answers 401 for a bearer token too malformed for the adapter to handle.
/// </summary>
internal sealed class ActivityRequestGuard(RequestDelegate next, IOptions<BotSecurityOptions> options, ILogger<ActivityRequestGuard> logger)
{
    public const string MessagesPath = "/api/messages";

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method) || !request.Path.Equals(MessagesPath, StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }

        var limit = options.Value.MaxRequestBytes;
        var body = request.ContentLength > limit ? null : await ReadAtMostAsync(request.Body, limit, context.RequestAborted);
        if (body is null)
        {
            Refuse(context, StatusCodes.Status413PayloadTooLarge, $"larger than {limit} bytes");
            return;
        }

        if (!IsActivity(body))
        {
            Refuse(context, StatusCodes.Status400BadRequest, "not a JSON activity");
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

    private static bool IsActivity(byte[] body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("type", out var type)
                && type.ValueKind == JsonValueKind.String
                && !string.IsNullOrWhiteSpace(type.GetString());
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private void Refuse(HttpContext context, int statusCode, string reason)
    {
        logger.LogInformation("Refused a request to {Path} with {StatusCode}: {Reason}", MessagesPath, statusCode, reason);
        context.Response.StatusCode = statusCode;
    }
}
