using System.Text.Json.Nodes;
using MeetingBot.Conversation;
using MeetingBot.LateOutcomes;

namespace MeetingBot.Channels.Slack;

/// <summary>A Slack slash command's <c>response_url</c>, and whom the reply answers.</summary>
public sealed record SlackResponseUrlAddress(Uri? ResponseUrl, SlackAudience Audience, string Culture)
    : LateOutcomeAddress(Culture);

/// <summary>
/// A <see cref="SlackResponseUrlAddress"/> in a store shared by replicas: the <c>response_url</c> (a capability: stores
/// keep it encrypted) and whom the reply answers.
/// </summary>
public sealed class SlackAddressFormat : ILateOutcomeAddressFormat
{
    public string Name => "slack";

    public bool Handles(LateOutcomeAddress address) => address is SlackResponseUrlAddress;

    public JsonNode Write(LateOutcomeAddress address)
    {
        var slack = (SlackResponseUrlAddress)address;
        var stored = new JsonObject
        {
            ["responseUrl"] = slack.ResponseUrl?.OriginalString,
            ["userId"] = slack.Audience.UserId,
            ["command"] = slack.Audience.Syntax?.Command,
            ["commandIsActivate"] = slack.Audience.Syntax?.CommandIsActivate ?? false,
        };
        foreach (var unset in stored.Where(property => property.Value is null).Select(property => property.Key).ToList())
        {
            stored.Remove(unset);
        }

        return stored;
    }

    public LateOutcomeAddress? Read(JsonNode stored, string culture)
    {
        if (stored["userId"]?.GetValue<string>() is not { } userId)
        {
            return null;
        }

        var command = stored["command"]?.GetValue<string>();
        var responseUrl = stored["responseUrl"]?.GetValue<string>();
        return new SlackResponseUrlAddress(
            responseUrl is null ? null : new Uri(responseUrl),
            new SlackAudience(userId, command is null ? null : new SlashCommandSyntax(command, stored["commandIsActivate"]?.GetValue<bool>() ?? false)),
            culture);
    }
}
