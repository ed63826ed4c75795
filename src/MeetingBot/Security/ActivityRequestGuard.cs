using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace MeetingBot.Security;

/// <summary>
/// Stands in front of <c>POST /api/messages</c>: refuses bodies over the size limit (413) and bodies that are not a
/// JSON activity with the fields every activity to a bot carries (400), before the Bot Framework adapter
/// authenticates or runs a turn;
/// answers 401 for a bearer token too malformed for the adapter to handle.
/// </summary>
internal sealed class ActivityRequestGuard(RequestDelegate next, IOptions<BotSecurityOptions> options, ILogger<ActivityRequestGuard> logger)
{
    public const string MessagesPath = "/api/messages";

    private const int MaxIdLength = 1_000;

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

        if (NotAnActivity(body) is { } problem)
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

    /// <summary>
    /// Why the body is not an activity the Bot Framework can process, or null when it is: a JSON object with the fields
    /// the protocol requires of every activity sent to a bot (without them the adapter or the bot fails mid-turn).
    /// </summary>
    private static string? NotAnActivity(byte[] body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var activity = json.RootElement;
            if (activity.ValueKind != JsonValueKind.Object)
            {
                return "not a JSON object";
            }

            string[] required = ["type", "channelId"];
            foreach (var name in required)
            {
                if (!IsId(activity, name))
                {
                    return $"no valid {name}";
                }
            }

            string[] parties = ["conversation", "from", "recipient"];
            foreach (var name in parties)
            {
                if (!activity.TryGetProperty(name, out var party) || party.ValueKind != JsonValueKind.Object || !IsId(party, "id"))
                {
                    return $"no valid {name}.id";
                }
            }

            // Channel data is an object wherever a channel sends it; the Teams handler casts it to one.
            if (activity.TryGetProperty("channelData", out var channelData) && channelData.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
            {
                return "channelData that is not an object";
            }

            if (!MentionsAreWellFormed(activity))
            {
                return "a malformed mention entity";
            }

            return activity.TryGetProperty("serviceUrl", out var serviceUrl)
                && serviceUrl.ValueKind == JsonValueKind.String
                && Uri.TryCreate(serviceUrl.GetString(), UriKind.Absolute, out var url)
                && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)
                ? null
                : "no valid serviceUrl";
        }
        catch (JsonException)
        {
            return "not JSON";
        }
    }

    /// <summary>
    /// Each mention entity names whom it mentions (<c>mentioned.id</c>) and its <c>text</c> is a string: the SDK's
    /// mention removal, which every message in a group conversation goes through, fails the turn otherwise.
    /// </summary>
    private static bool MentionsAreWellFormed(JsonElement activity)
    {
        if (!activity.TryGetProperty("entities", out var entities) || entities.ValueKind != JsonValueKind.Array)
        {
            return true;
        }

        foreach (var entity in entities.EnumerateArray())
        {
            if (entity.ValueKind == JsonValueKind.Object
                && entity.TryGetProperty("type", out var type)
                && type.ValueKind == JsonValueKind.String
                && type.ValueEquals("mention")
                && !(entity.TryGetProperty("mentioned", out var mentioned) && mentioned.ValueKind == JsonValueKind.Object && IsId(mentioned, "id")
                    && (!entity.TryGetProperty("text", out var text) || text.ValueKind is JsonValueKind.String or JsonValueKind.Null)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A non-blank string of sane length: real channel ids are well under 1,000 characters.</summary>
    private static bool IsId(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.String
        && value.GetString() is { Length: > 0 and <= MaxIdLength } text
        && !string.IsNullOrWhiteSpace(text);

    private void Refuse(HttpContext context, int statusCode, string reason)
    {
        logger.LogInformation("Refused a request to {Path} with {StatusCode}: {Reason}", MessagesPath, statusCode, reason);
        context.Response.StatusCode = statusCode;
    }
}
