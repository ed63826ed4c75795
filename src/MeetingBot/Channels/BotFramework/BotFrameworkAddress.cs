using System.Text.Json.Nodes;
using MeetingBot.Conversation;
using MeetingBot.LateOutcomes;
using Microsoft.Bot.Schema;
using JsonConvert = Newtonsoft.Json.JsonConvert;

namespace MeetingBot.Channels.BotFramework;

/// <summary>
/// A Bot Framework conversation, and the card ("activating…") to replace where the channel can update messages; or, when
/// <paramref name="ToUserOnly"/>, the conversation's user, to whom the outcome goes as a Teams targeted message.
/// </summary>
public sealed record BotFrameworkAddress(ConversationReference Conversation, string? CardActivityId, string Culture, bool ToUserOnly = false)
    : LateOutcomeAddress(Culture);

/// <summary>
/// A <see cref="BotFrameworkAddress"/> in a store shared by replicas: the conversation reference in the Bot Framework's
/// own (Newtonsoft) form, whose accounts carry extension data.
/// </summary>
public sealed class BotFrameworkAddressFormat : ILateOutcomeAddressFormat
{
    public string Name => "botFramework";

    public bool Handles(LateOutcomeAddress address) => address is BotFrameworkAddress;

    public JsonNode Write(LateOutcomeAddress address)
    {
        var bot = (BotFrameworkAddress)address;
        var written = new JsonObject
        {
            ["conversation"] = JsonConvert.SerializeObject(bot.Conversation),
            ["cardActivityId"] = bot.CardActivityId,
        };
        if (bot.ToUserOnly)
        {
            written["toUserOnly"] = true;
        }

        return written;
    }

    public LateOutcomeAddress? Read(JsonNode stored, string culture) =>
        stored["conversation"]?.GetValue<string>() is { } json && JsonConvert.DeserializeObject<ConversationReference>(json) is { } conversation
            ? new BotFrameworkAddress(conversation, stored["cardActivityId"]?.GetValue<string>(), culture, stored["toUserOnly"]?.GetValue<bool>() == true)
            : null;
}
