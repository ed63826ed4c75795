namespace MeetingBot.Channels.BotFramework.DialogState;

/// <summary>
/// The keys of the dialog's state, and which items live together. A turn reads and saves its conversation's state and
/// its user's state in one step (<see cref="BotStateMemory"/>), so a user's state is kept per conversation, under the
/// conversation's key, <see cref="ItemSeparator"/> and <c>users/&lt;user id&gt;</c>: every item a turn touches then names
/// the same conversation, and a store may keep them together (<see cref="RedisStorage"/>: in one Redis key).
/// </summary>
public static class StateKeys
{
    /// <summary>Ends the conversation's part of a key: what follows names an item within the conversation.</summary>
    public const char ItemSeparator = '#';

    private const string ConversationsSegment = "/conversations/";

    /// <summary>The SDK's own key for a conversation's state (its ConversationState clears it after a failed turn).</summary>
    public static string Conversation(string? channelId, string? conversationId) => $"{channelId}{ConversationsSegment}{conversationId}";

    /// <summary>A user's state in one conversation.</summary>
    public static string UserIn(string conversationKey, string? userId) => $"{conversationKey}{ItemSeparator}users/{userId}";

    /// <summary>
    /// The conversation a key belongs to: for a key of the SDK's shape <c>&lt;channel&gt;/conversations/&lt;id&gt;</c>, the
    /// key up to its first <see cref="ItemSeparator"/> (the whole key when it has none); null for a key that names no
    /// conversation. Cut at the first separator, a conversation key and the keys of its items always agree, whatever the
    /// conversation id holds.
    /// </summary>
    public static string? ConversationOf(string key)
    {
        var channelEnd = key.IndexOf('/', StringComparison.Ordinal);
        if (channelEnd <= 0 || string.CompareOrdinal(key, channelEnd, ConversationsSegment, 0, ConversationsSegment.Length) != 0)
        {
            return null;
        }

        var itemStart = key.IndexOf(ItemSeparator, StringComparison.Ordinal);
        return itemStart < 0 ? key : key[..itemStart];
    }
}
