using ChannelIds = Microsoft.Bot.Connector.Channels;
using MeetingBot.Channels.Slack;
using MeetingBot.Conversation;
using MeetingBot.Localization;
using MeetingBot.Meetings.Telemetry;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;

namespace MeetingBot.Channels.BotFramework;

/// <summary>
/// Bot Framework middleware for <c>Bot:AllowedTenants</c>: an activity from a Teams tenant outside the list (or a
/// Teams activity naming no tenant) gets a polite refusal in the user's language, is logged, and never reaches the
/// bot, so nothing of it reaches Huawei. With the list empty every tenant is served. Slack activities (Azure Bot Service's
/// Slack channel) are held to <c>Slack:AllowedTeams</c> the same way.
/// </summary>
public sealed class TenantAllowlistMiddleware(
    IOptions<BotOptions> options,
    IOptions<SlackOptions> slackOptions,
    MeetingBotMetrics metrics,
    ILogger<TenantAllowlistMiddleware> logger)
    : Microsoft.Bot.Builder.IMiddleware
{
    private const string MessageResponseType = "application/vnd.microsoft.activity.message";
    private const string QueryLinkInvoke = "composeExtension/queryLink";

    public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken = default)
    {
        var allowed = options.Value.AllowedTenants;
        var activity = turnContext.Activity;
        var tenant = activity.TeamsTenant();
        string? team = null;
        var refusedBy = allowed.Count > 0 && !IsAllowed(activity.ChannelId, tenant, allowed) ? "Bot:AllowedTenants"
            : IsRefusedSlackTeam(activity, out team) ? "Slack:AllowedTeams"
            : null;
        if (refusedBy is null)
        {
            await next(cancellationToken);
            return;
        }

        metrics.Refused(RefusalReason.TenantNotAllowed);
        logger.LogWarning(
            "Refused a {ActivityType} activity on {ChannelId} from tenant {TenantId}: not in {AllowList}",
            ChannelInput.Clean(activity.Type), ChannelInput.Clean(activity.ChannelId), ChannelInput.OptionalId(tenant ?? team) ?? "(none)", refusedBy);

        var refusal = activity.Text()[nameof(Strings.TenantNotAllowed)];
        if (activity.Type == ActivityTypes.Message)
        {
            await turnContext.SendActivityAsync(MessageFactory.Text(refusal), cancellationToken);
        }
        else if (activity.Type == ActivityTypes.Invoke)
        {
            // A card action waits for an invoke response; Teams shows this message instead of the card's answer. A pasted
            // link (link unfurling) waits for a message extension's answer instead: the refusal in place of the card.
            object body = activity.Name == QueryLinkInvoke
                ? LinkUnfurling.Refusal(refusal)
                : new AdaptiveCardInvokeResponse { StatusCode = 200, Type = MessageResponseType, Value = refusal };
            await turnContext.SendActivityAsync(
                new Activity { Type = ActivityTypesEx.InvokeResponse, Value = new InvokeResponse { Status = 200, Body = body } },
                cancellationToken);
        }

        // Installs, conversation updates and the rest are dropped without an answer.
    }

    /// <summary>Slack through Azure Bot Service is held to <c>Slack:AllowedTeams</c>, like the slash commands.</summary>
    private bool IsRefusedSlackTeam(Activity activity, out string? team)
    {
        team = null;
        if (!activity.IsSlack() || slackOptions.Value.AllowedTeams.Count == 0)
        {
            return false;
        }

        team = activity.From is null ? null : activity.ChatUser().TenantId;
        return team is null || !slackOptions.Value.IsTeamAllowed(team);
    }

    private static bool IsAllowed(string? channelId, string? tenant, IReadOnlyList<string> allowed)
    {
        if (tenant is null)
        {
            // Teams always names the tenant; a Teams activity without one cannot show that it belongs to an allowed tenant.
            return !string.Equals(channelId, ChannelIds.Msteams, StringComparison.OrdinalIgnoreCase);
        }

        return allowed.Contains(tenant.Trim(), StringComparer.OrdinalIgnoreCase);
    }
}
