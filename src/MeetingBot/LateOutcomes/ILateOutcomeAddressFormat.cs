using System.Text.Json.Nodes;
using MeetingBot.Conversation;

namespace MeetingBot.LateOutcomes;

/// <summary>How a channel's late-outcome addresses are kept in a store shared by replicas. Each channel registers its own.</summary>
public interface ILateOutcomeAddressFormat
{
    /// <summary>The name its addresses are stored under (<c>botFramework</c>, <c>slack</c>).</summary>
    string Name { get; }

    bool Handles(LateOutcomeAddress address);

    /// <summary>The address as JSON (without its culture, which the record keeps).</summary>
    JsonNode Write(LateOutcomeAddress address);

    /// <summary>The address, or null when the stored JSON is not one.</summary>
    LateOutcomeAddress? Read(JsonNode stored, string culture);
}

/// <summary>
/// How this replica delivers an outcome owed to one of a channel's addresses when the replica that owed it died
/// (<see cref="OrphanedOutcomeSweeper"/>). Each channel registers its own.
/// </summary>
public interface IOrphanedOutcomeDelivery
{
    bool Handles(LateOutcomeAddress address);

    ILateOutcomeTarget TargetFor(LateOutcomeAddress address);
}
