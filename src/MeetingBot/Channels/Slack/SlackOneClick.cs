using MeetingBot.Cards;

namespace MeetingBot.Channels.Slack;

/// <summary>
/// The Activate button of a meeting on a Slack list, and how a click on it is read back: its <c>action_id</c> is the card
/// verb, its <c>value</c> the meeting ID only, and its block's id the list's card id (with the meeting's place on the list,
/// as block ids must be unique within a message). The card id and the meeting ID name the button in the one-use ledger.
/// Never a password.
/// </summary>
public static class SlackOneClick
{
    public const string ActionId = CardVerbs.OneClick;

    private const char Separator = '/';

    /// <summary>Card ids are GUIDs in their 32-digit form.</summary>
    private const int CardIdLength = 32;

    public static string BlockId(string cardId, int position) => $"{cardId}{Separator}{position}";

    /// <summary>The card id a block id carries; null when it carries none (the block is not one of the bot's lists).</summary>
    public static string? CardIdOf(string? blockId)
    {
        if (blockId is null || blockId.IndexOf(Separator, StringComparison.Ordinal) != CardIdLength)
        {
            return null;
        }

        var cardId = blockId[..CardIdLength];
        return cardId.All(char.IsAsciiHexDigit) ? cardId : null;
    }
}
