using System.Text.Json;
using System.Text.Json.Serialization;
using MeetingBot.Bot;
using MeetingBot.Meetings.Activation;
using MeetingBot.Slack;
using Microsoft.Bot.Schema;
using JsonConvert = Newtonsoft.Json.JsonConvert;

namespace MeetingBot.State;

/// <summary>
/// A late outcome's address and outcome as JSON, for a store shared by replicas. Each payload names its record, so a
/// value copied under another record is refused. Only the replies a late activation can end with are kept.
/// </summary>
public static class LateOutcomeCodec
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static byte[] Address(string recordId, LateOutcomeAddress address) => JsonSerializer.SerializeToUtf8Bytes(
        address switch
        {
            // The Bot Framework's own (Newtonsoft) form of the reference: its accounts carry extension data.
            BotFrameworkAddress bot => new StoredAddress(recordId, address.Culture, BotFramework: new StoredConversation(JsonConvert.SerializeObject(bot.Conversation), bot.CardActivityId)),
            SlackResponseUrlAddress slack => new StoredAddress(recordId, address.Culture, Slack: new StoredResponseUrl(
                slack.ResponseUrl?.OriginalString, slack.Audience.UserId, slack.Audience.Syntax?.Command, slack.Audience.Syntax?.CommandIsActivate ?? false)),
            _ => throw new ArgumentOutOfRangeException(nameof(address), address.GetType().Name, "Unknown late outcome address."),
        },
        Json);

    /// <summary>The address, or null when the payload belongs to another record or cannot be read.</summary>
    public static LateOutcomeAddress? ReadAddress(string recordId, byte[] payload)
    {
        var stored = JsonSerializer.Deserialize<StoredAddress>(payload, Json);
        if (stored is null || !string.Equals(stored.RecordId, recordId, StringComparison.Ordinal))
        {
            return null;
        }

        return stored switch
        {
            { BotFramework: { } bot } when JsonConvert.DeserializeObject<ConversationReference>(bot.Conversation) is { } conversation =>
                new BotFrameworkAddress(conversation, bot.CardActivityId, stored.Culture),
            { Slack: { } slack } => new SlackResponseUrlAddress(
                slack.ResponseUrl is null ? null : new Uri(slack.ResponseUrl),
                new SlackAudience(slack.UserId, slack.Command is null ? null : new SlashCommandSyntax(slack.Command, slack.CommandIsActivate)),
                stored.Culture),
            _ => null,
        };
    }

    /// <summary>The outcome as JSON; null for a reply a late activation does not end with (nothing is kept then).</summary>
    public static byte[]? Outcome(string recordId, BotReply outcome)
    {
        StoredOutcome? stored = outcome switch
        {
            ResultReply result => new StoredOutcome(recordId, OutcomeKind.Result, result.Result, result.ActivatedBy, result.Sandbox),
            ErrorReply error => new StoredOutcome(recordId, OutcomeKind.Error, error.Result),
            ApologyReply apology => new StoredOutcome(recordId, OutcomeKind.Apology, Reference: apology.CorrelationId),
            RestartReply restart => new StoredOutcome(recordId, OutcomeKind.Restart, Reference: restart.MeetingId),
            UnavailableReply => new StoredOutcome(recordId, OutcomeKind.Unavailable),
            _ => null,
        };
        return stored is null ? null : JsonSerializer.SerializeToUtf8Bytes(stored, Json);
    }

    public static BotReply? ReadOutcome(string recordId, byte[] payload)
    {
        var stored = JsonSerializer.Deserialize<StoredOutcome>(payload, Json);
        if (stored is null || !string.Equals(stored.RecordId, recordId, StringComparison.Ordinal))
        {
            return null;
        }

        return stored switch
        {
            { Kind: OutcomeKind.Result, Result: { } result } => new ResultReply(result, stored.ActivatedBy ?? string.Empty, stored.Sandbox),
            { Kind: OutcomeKind.Error, Result: { } result } => new ErrorReply(result),
            { Kind: OutcomeKind.Apology, Reference: { } correlationId } => new ApologyReply(correlationId),
            { Kind: OutcomeKind.Restart, Reference: { } meetingId } => new RestartReply(meetingId),
            { Kind: OutcomeKind.Unavailable } => new UnavailableReply(),
            _ => null,
        };
    }

    private enum OutcomeKind
    {
        Result,
        Error,
        Apology,
        Restart,
        Unavailable,
    }

    private sealed record StoredAddress(string RecordId, string Culture, StoredConversation? BotFramework = null, StoredResponseUrl? Slack = null);

    private sealed record StoredConversation(string Conversation, string? CardActivityId);

    private sealed record StoredResponseUrl(string? ResponseUrl, string UserId, string? Command, bool CommandIsActivate);

    private sealed record StoredOutcome(
        string RecordId,
        OutcomeKind Kind,
        ActivationResult? Result = null,
        string? ActivatedBy = null,
        bool Sandbox = false,
        string? Reference = null);
}
