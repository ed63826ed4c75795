using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace MeetingBot.Channels.Slack;

/// <summary>A click on one of the bot's Activate buttons: the list's card id and the meeting ID the button carries.</summary>
public sealed record SlackOneClickAction(string CardId, string MeetingId);

/// <summary>
/// The fields of Slack's interactivity request that the bot uses: an <c>application/x-www-form-urlencoded</c> body whose one
/// field <c>payload</c> holds the interaction as JSON. Of the interactions, the bot answers one: <c>block_actions</c> from
/// one of its Activate buttons (<see cref="Click"/>); it carries a meeting ID, never a password.
/// </summary>
public sealed record SlackInteractionPayload
{
    public const string BlockActions = "block_actions";

    private const int MaxMeetingIdLength = 64;

    /// <summary>The interaction's type, for example <c>block_actions</c>.</summary>
    public required string Type { get; init; }

    /// <summary>The workspace (<c>team.id</c>; for an organisation-wide install without a team, <c>user.team_id</c>).</summary>
    public required string TeamId { get; init; }

    public required string UserId { get; init; }

    /// <summary>The user's Slack name (<c>user.username</c>), as a slash command's <c>user_name</c>.</summary>
    public string? UserName { get; init; }

    /// <summary>Where up to five replies may be posted within 30 minutes.</summary>
    public Uri? ResponseUrl { get; init; }

    /// <summary>The Activate button clicked, or null for any other interaction (another action, a shortcut, a modal).</summary>
    public SlackOneClickAction? Click { get; init; }

    /// <summary>Never the response URL (a capability to post as the bot).</summary>
    public override string ToString() => $"SlackInteractionPayload {{ Type = {Type}, TeamId = {TeamId}, UserId = {UserId}, Click = {Click} }}";

    /// <returns>False when the body is not an interaction: no <c>payload</c> field, not JSON, or no type, team or user.</returns>
    public static bool TryParse(ReadOnlySpan<byte> body, [NotNullWhen(true)] out SlackInteractionPayload? payload)
    {
        payload = null;
        if (!SlackForm.TryRead(body, out var fields) || SlackForm.Field(fields, "payload") is not { Length: > 0 } json)
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            payload = Read(document.RootElement);
        }
        catch (JsonException)
        {
            return false;
        }

        return payload is not null;
    }

    private static SlackInteractionPayload? Read(JsonElement root)
    {
        var user = Member(root, "user");
        var type = Text(root, "type");
        var userId = Text(user, "id");
        var teamId = Text(Member(root, "team"), "id") ?? Text(user, "team_id");
        if (string.IsNullOrWhiteSpace(type) || string.IsNullOrWhiteSpace(userId) || string.IsNullOrWhiteSpace(teamId))
        {
            return null;
        }

        return new SlackInteractionPayload
        {
            Type = type,
            TeamId = teamId,
            UserId = userId,
            UserName = Text(user, "username") ?? Text(user, "name"),
            ResponseUrl = Uri.TryCreate(Text(root, "response_url"), UriKind.Absolute, out var url) ? url : null,
            Click = type == BlockActions ? OneClickOf(root) : null,
        };
    }

    /// <summary>The first action, when it is an Activate button on one of the bot's lists with a meeting ID in its value.</summary>
    private static SlackOneClickAction? OneClickOf(JsonElement root)
    {
        if (Member(root, "actions") is not { ValueKind: JsonValueKind.Array } actions || actions.GetArrayLength() == 0)
        {
            return null;
        }

        var action = actions[0];
        var cardId = SlackOneClick.CardIdOf(Text(action, "block_id"));
        var meetingId = Text(action, "value");
        return Text(action, "action_id") == SlackOneClick.ActionId && cardId is not null && IsMeetingId(meetingId)
            ? new SlackOneClickAction(cardId, meetingId!)
            : null;
    }

    private static bool IsMeetingId(string? value) =>
        value is { Length: > 0 and <= MaxMeetingIdLength } && value.All(char.IsAsciiDigit);

    private static JsonElement? Member(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } value && value.TryGetProperty(name, out var member) ? member : null;

    private static string? Text(JsonElement? element, string name) =>
        Member(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;
}
