using System.Text.Json;

namespace MeetingBot.Channels.BotFramework;

/// <summary>
/// The shape every activity sent to a bot has under the Bot Framework protocol, checked on the raw body before the
/// adapter deserializes it: what the adapter, the SDK's handlers or the bot would otherwise fail on mid-turn.
/// </summary>
internal static class ActivityShape
{
    private const int MaxIdLength = 1_000;

    /// <summary>
    /// Why the body is not an activity the Bot Framework can process, or null when it is: a JSON object with the fields
    /// the protocol requires of every activity sent to a bot (without them the adapter or the bot fails mid-turn).
    /// </summary>
    public static string? Problem(byte[] body)
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
}
