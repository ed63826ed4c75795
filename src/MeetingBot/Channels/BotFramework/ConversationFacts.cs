using ChannelIds = Microsoft.Bot.Connector.Channels;
using MeetingBot.Cards;
using MeetingBot.Conversation;
using MeetingBot.Localization;
using MeetingBot.Meetings;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace MeetingBot.Channels.BotFramework;

/// <summary>
/// What the bot needs to know about where an activity came from (tenant, conversation kind, user identity), read the
/// same way on every Bot Framework channel: the one source the dialog, targeted messages and the tenant allowlist use.
/// </summary>
public static class ConversationFacts
{
    /// <summary>
    /// True when only the user (and the bot) can read what they typed: a 1:1 chat, or a Teams targeted message
    /// (a "slash command" to the bot in a group conversation).
    /// </summary>
    public static bool IsPrivate(this Activity activity) => activity.IsTargeted() || !activity.IsGroup();

    /// <summary>A conversation with more people than the user and the bot: a Teams channel, group or meeting chat, a Slack channel.</summary>
    public static bool IsGroup(this Activity activity) =>
        activity.Conversation?.ConversationType is { } type ? type != "personal" : activity.Conversation?.IsGroup == true;

    /// <summary>A Teams targeted message: only the sender and the bot see it (<c>recipient.isTargeted</c>).</summary>
    public static bool IsTargeted(this Activity activity) =>
        LenientJson.IsTrue(activity.Recipient?.Properties?["isTargeted"]);

    public static bool IsTeams(this Activity activity) => activity.ChannelId == ChannelIds.Msteams;

    /// <summary>Slack renders Adaptive Cards as public images: Slack gets text only.</summary>
    public static bool IsSlack(this Activity activity) => activity.ChannelId == ChannelIds.Slack;

    public static CardActionStyle CardStyle(this Activity activity) =>
        activity.IsTeams() ? CardActionStyle.Execute : CardActionStyle.Submit;

    /// <summary>The channel's locale, else the Teams clientInfo entity's; English when neither says.</summary>
    public static BotText Text(this Activity activity)
    {
        var locale = activity.Locale;
        if (string.IsNullOrWhiteSpace(locale))
        {
            locale = LenientJson.Text(activity.Entities?
                .FirstOrDefault(e => e.Type == "clientInfo")?
                .Properties?["locale"]);
        }

        return BotText.For(locale);
    }

    /// <summary>
    /// The client's time zone: the activity's <c>localTimezone</c>, else the Teams clientInfo entity's (IANA names, as
    /// Teams and Web Chat send them); null when neither names a zone this machine knows, and times are shown in UTC.
    /// </summary>
    public static TimeZoneInfo? TimeZone(this Activity activity)
    {
        var name = activity.LocalTimezone;
        if (string.IsNullOrWhiteSpace(name))
        {
            name = LenientJson.Text(activity.Entities?
                .FirstOrDefault(e => e.Type == "clientInfo")?
                .Properties?["timezone"]);
        }

        return !string.IsNullOrWhiteSpace(name) && TimeZoneInfo.TryFindSystemTimeZoneById(name, out var zone) ? zone : null;
    }

    public static ChatUser ChatUser(this Activity activity)
    {
        var from = activity.From ?? throw new InvalidOperationException("The activity has no sender.");
        return ChannelInput.ChatUser(activity.ChannelId, TenantOrTeam(activity), UserId(activity, from), from.AadObjectId, from.Name);
    }

    /// <summary>
    /// Slack user ids through Azure Bot Service are "&lt;user&gt;:&lt;team&gt;"; the team is the tenant, and the user id alone
    /// is what Slack's slash commands carry, so one Slack user has one token, one lockout and one signout on both routes.
    /// </summary>
    private static string UserId(Activity activity, ChannelAccount from) =>
        activity.IsSlack() && from.Id.Split(':') is [{ Length: > 0 } user, _, ..] ? user : from.Id;

    /// <summary>The Teams tenant (AAD tenant id) an activity comes from: on the conversation, else in the channel data.</summary>
    public static string? TeamsTenant(this Activity activity)
    {
        if (!string.IsNullOrWhiteSpace(activity.Conversation?.TenantId))
        {
            return activity.Conversation.TenantId;
        }

        return activity.ChannelData is JObject channelData && LenientJson.Text(channelData.SelectToken("tenant.id")) is { Length: > 0 } tenant
            ? tenant
            : null;
    }

    private static string? TenantOrTeam(Activity activity)
    {
        if (activity.TeamsTenant() is { } tenant)
        {
            return tenant;
        }

        if (activity.ChannelData is JObject channelData && LenientJson.Text(channelData.SelectToken("SlackMessage.team_id")) is { Length: > 0 } slackTeam)
        {
            return slackTeam;
        }

        // Slack user ids through Azure Bot Service are "<user>:<team>".
        return activity.IsSlack() && activity.From?.Id.Split(':') is [_, var team, ..] ? team : null;
    }
}
