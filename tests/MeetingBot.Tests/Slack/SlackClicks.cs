using System.Text.Json;
using System.Text.Json.Nodes;

namespace MeetingBot.Tests.Slack;

/// <summary>
/// Slack's side of a click on the bot's list: the buttons as the list reply carries them, and the interactivity request a
/// click makes, built from a real-shaped payload (<c>Fixtures/slack/block-actions-ephemeral.json</c>, see its SOURCES.md).
/// </summary>
public static class SlackClicks
{
    public sealed record Button(string BlockId, string ActionId, string Value);

    /// <summary>Every button on a list reply, by the meeting ID it carries (its value).</summary>
    public static IReadOnlyDictionary<string, Button> Buttons(JsonElement reply) =>
        reply.GetProperty("blocks").EnumerateArray()
            .Where(block => block.TryGetProperty("accessory", out _))
            .Select(block => (BlockId: block.GetProperty("block_id").GetString()!, Button: block.GetProperty("accessory")))
            .Select(found => new Button(found.BlockId, found.Button.GetProperty("action_id").GetString()!, found.Button.GetProperty("value").GetString()!))
            .ToDictionary(button => button.Value);

    /// <summary>The payload a click on <paramref name="button"/> sends, as JSON (the fixture with this click's values).</summary>
    public static JsonObject Payload(Button button, Uri responseUrl, string teamId = SlackHost.TeamId, string userId = SlackHost.UserId)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "slack", "block-actions-ephemeral.json");
        var payload = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        payload.Remove("_fixture");
        payload["team"]!["id"] = teamId;
        payload["user"]!["id"] = userId;
        payload["user"]!["team_id"] = teamId;
        payload["response_url"] = responseUrl.ToString();
        var action = payload["actions"]![0]!;
        action["action_id"] = button.ActionId;
        action["block_id"] = button.BlockId;
        action["value"] = button.Value;
        return payload;
    }

    /// <summary>The request body: the payload as the one form field <c>payload</c>, as Slack posts it.</summary>
    public static byte[] Body(JsonObject payload) => SlackHost.Encode([new("payload", payload.ToJsonString())]);

    public static byte[] Body(Button button, Uri responseUrl, string teamId = SlackHost.TeamId, string userId = SlackHost.UserId) =>
        Body(Payload(button, responseUrl, teamId, userId));

    /// <summary>A button of a list the bot never sent (a card id of its own), for clicks that need no list first.</summary>
    public static Button Forged(string meetingId) => new($"{Guid.NewGuid():N}/0", "oneClickActivate", meetingId);
}
