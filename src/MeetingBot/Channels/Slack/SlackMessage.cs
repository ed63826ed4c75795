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

    /// <summary>
    /// For a post to <c>response_url</c>: false adds a new message instead of replacing the one a button was clicked on
    /// (unset: Slack's default for the kind of request).
    /// </summary>
    public bool? ReplaceOriginal { get; init; }

    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(HeaderBlock), "header")]
[JsonDerivedType(typeof(SectionBlock), "section")]
[JsonDerivedType(typeof(ContextBlock), "context")]
public abstract record SlackBlock
{
    /// <summary>Names the block in an interaction payload (unique within a message, at most 255 characters); unset, Slack makes one up.</summary>
    public string? BlockId { get; init; }
}

/// <summary>Large bold plain text at the top of a message.</summary>
public sealed record HeaderBlock(PlainText Text) : SlackBlock;

/// <summary>A block of mrkdwn text, optionally with a two-column grid of fields, or a button beside it.</summary>
public sealed record SectionBlock(MrkdwnText Text, IReadOnlyList<MrkdwnText>? Fields = null, SlackButton? Accessory = null) : SlackBlock;

/// <summary>Small grey print under the main content.</summary>
public sealed record ContextBlock(IReadOnlyList<MrkdwnText> Elements) : SlackBlock;

/// <summary>A button: a click sends a <c>block_actions</c> payload with its <paramref name="ActionId"/> and <paramref name="Value"/>.</summary>
public sealed record SlackButton(PlainText Text, string ActionId, string Value)
{
    [JsonPropertyOrder(-1)]
    public string Type => "button";

    /// <summary><c>primary</c> (green) or <c>danger</c> (red); unset, the default look.</summary>
    public string? Style { get; init; }
}

public sealed record MrkdwnText(string Text)
{
    [JsonPropertyOrder(-1)]
    public string Type => "mrkdwn";
}

/// <summary>Text shown as typed, where Block Kit takes no mrkdwn (headers, buttons).</summary>
public sealed record PlainText(string Text)
{
    [JsonPropertyOrder(-1)]
    public string Type => "plain_text";
}
