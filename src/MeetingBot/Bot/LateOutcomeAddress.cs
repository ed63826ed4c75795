using MeetingBot.Slack;
using Microsoft.Bot.Schema;

namespace MeetingBot.Bot;

/// <summary>
/// Where a late outcome goes, as plain data: enough for any replica to deliver it, and the culture of its text.
/// Never a password or token; a Slack <c>response_url</c> is a capability, so stores keep addresses encrypted.
/// </summary>
public abstract record LateOutcomeAddress(string Culture);

/// <summary>A Bot Framework conversation, and the card ("activating…") to replace where the channel can update messages.</summary>
public sealed record BotFrameworkAddress(ConversationReference Conversation, string? CardActivityId, string Culture)
    : LateOutcomeAddress(Culture);

/// <summary>A Slack slash command's <c>response_url</c>, and whom the reply answers.</summary>
public sealed record SlackResponseUrlAddress(Uri? ResponseUrl, SlackAudience Audience, string Culture)
    : LateOutcomeAddress(Culture);
