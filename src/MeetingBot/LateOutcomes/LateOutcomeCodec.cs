using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using MeetingBot.Conversation;
using MeetingBot.Meetings.Activation;

namespace MeetingBot.LateOutcomes;

/// <summary>
/// A late outcome's address and outcome as JSON, for a store shared by replicas. Each payload names its record, so a
/// value copied under another record is refused. An address is written by its channel (<see cref="ILateOutcomeAddressFormat"/>)
/// under the channel's name; only the replies a late activation can end with are kept.
/// </summary>
public sealed class LateOutcomeCodec(IEnumerable<ILateOutcomeAddressFormat> formats)
{
    private const string RecordIdProperty = "recordId";
    private const string CultureProperty = "culture";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly IReadOnlyList<ILateOutcomeAddressFormat> _formats = [.. formats];

    public byte[] Address(string recordId, LateOutcomeAddress address)
    {
        var format = _formats.FirstOrDefault(f => f.Handles(address))
            ?? throw new ArgumentOutOfRangeException(nameof(address), address.GetType().Name, "No channel keeps this late outcome address.");
        var stored = new JsonObject
        {
            [RecordIdProperty] = recordId,
            [CultureProperty] = address.Culture,
            [format.Name] = format.Write(address),
        };
        return JsonSerializer.SerializeToUtf8Bytes(stored, Json);
    }

    /// <summary>The address, or null when the payload belongs to another record or cannot be read.</summary>
    public LateOutcomeAddress? ReadAddress(string recordId, byte[] payload)
    {
        if (JsonNode.Parse(payload) is not JsonObject stored
            || stored[RecordIdProperty]?.GetValue<string>() != recordId
            || stored[CultureProperty]?.GetValue<string>() is not { } culture)
        {
            return null;
        }

        return _formats
            .Where(format => stored[format.Name] is not null)
            .Select(format => format.Read(stored[format.Name]!, culture))
            .FirstOrDefault(address => address is not null);
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

    private sealed record StoredOutcome(
        string RecordId,
        OutcomeKind Kind,
        ActivationResult? Result = null,
        string? ActivatedBy = null,
        bool Sandbox = false,
        string? Reference = null);
}
