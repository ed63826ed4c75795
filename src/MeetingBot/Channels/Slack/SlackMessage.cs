using System.Text.Json;
using System.Text.Json.Serialization;

namespace MeetingBot.Channels.Slack;

/// <summary>
/// A slash-command reply in Slack's wire form: <c>response_type</c>, a plain <c>text</c> fallback
/// (notifications, screen readers) and Block Kit <c>blocks</c>.
/// </summary>
public sealed record SlackMessage(string Text, IReadOnlyList<SlackBlock> Blocks)
{
    /// <summary>Only the person who typed the command sees the reply.</summary>
    public const string Ephemeral = "ephemeral";

    public string ResponseType { get; init; } = Ephemeral;

    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(SectionBlock), "section")]
[JsonDerivedType(typeof(ContextBlock), "context")]
public abstract record SlackBlock;

/// <summary>A block of mrkdwn text, optionally with a two-column grid of fields.</summary>
public sealed record SectionBlock(MrkdwnText Text, IReadOnlyList<MrkdwnText>? Fields = null) : SlackBlock;

/// <summary>Small grey print under the main content.</summary>
public sealed record ContextBlock(IReadOnlyList<MrkdwnText> Elements) : SlackBlock;

public sealed record MrkdwnText(string Text)
{
    [JsonPropertyOrder(-1)]
    public string Type => "mrkdwn";
}
