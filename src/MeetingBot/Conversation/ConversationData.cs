using Microsoft.Bot.Builder;

namespace MeetingBot.Conversation;

/// <summary>
/// What the bot keeps per conversation. Never a password. A store item: its <see cref="ETag"/> makes a save based on
/// what another turn (or replica) replaced in the meantime fail, so <see cref="BotStateMemory"/> decides again.
/// </summary>
public sealed class ConversationData : IStoreItem
{
    public bool WelcomeSent { get; set; }

    public FormLedger Forms { get; set; } = new();

    public string? ETag { get; set; }
}

/// <summary>What the bot keeps per user. Never a password. A store item, as <see cref="ConversationData"/>.</summary>
public sealed class UserProfile : IStoreItem
{
    /// <summary>The meeting ID this user last submitted, to prefill the next form.</summary>
    public string? LastMeetingId { get; set; }

    public string? ETag { get; set; }
}
