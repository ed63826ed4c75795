using MeetingBot.Conversation;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace MeetingBot.Channels.BotFramework;

/// <summary>
/// Teams targeted messages: in a channel, group chat or meeting chat, a message only one user sees. Users send the bot
/// one with a Teams slash command (the activity's <c>recipient.isTargeted</c> is true); the bot sends one by posting
/// to <c>/v3/conversations/{id}/activities?isTargetedActivity=true</c> with the user as recipient
/// (<see cref="MeetingBotAdapter"/> does that for activities marked here).
/// </summary>
public static class TargetedMessages
{
    /// <summary>The in-process marker (the Agents SDK's name for it); the adapter turns it into the query parameter.</summary>
    public const string TreatmentEntityType = "activityTreatment";
    public const string Targeted = "targeted";

    /// <summary>Links a private reply to the user's targeted message, so Teams shows the request above the answer.</summary>
    public const string TargetedMessageInfoEntityType = "targetedMessageInfo";

    /// <summary>
    /// True when a reply in this Teams conversation should be seen by the asking user only: everything answering a
    /// targeted message, and the form in any group conversation.
    /// </summary>
    public static bool ShouldTarget(Activity incoming, BotReply reply) =>
        InSharedTeamsConversation(incoming) && (incoming.IsTargeted() || reply is FormReply);

    /// <summary>A Teams channel, group or meeting chat: where a targeted message is the way to answer one user only.</summary>
    public static bool InSharedTeamsConversation(Activity incoming) => incoming.IsTeams() && incoming.IsGroup();

    public static void MakeTargeted(IActivity reply, Activity incoming)
    {
        reply.Recipient = incoming.From;
        var entities = reply.Entities ??= [];
        entities.Add(new Entity(TreatmentEntityType) { Properties = { ["treatment"] = Targeted } });
        if (incoming.IsTargeted() && incoming.Id is { } requestId)
        {
            entities.Add(new Entity(TargetedMessageInfoEntityType) { Properties = { ["messageId"] = requestId } });
        }
    }

    public static bool IsMarkedTargeted(IActivity activity) =>
        activity.Entities?.Any(e => e.Type == TreatmentEntityType && e.Properties?.Value<string>("treatment") == Targeted) == true;
}
