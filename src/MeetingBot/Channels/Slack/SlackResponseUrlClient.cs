using System.Net.Http.Headers;
using System.Text.Json;
using MeetingBot.Conversation;

namespace MeetingBot.Channels.Slack;

/// <summary>
/// Posts delayed replies to a slash command's or a button click's <c>response_url</c>. The URL is a capability (anyone holding it may
/// post to the user for 30 minutes), so only its host is logged.
/// </summary>
public sealed class SlackResponseUrlClient(IHttpClientFactory httpClients, SlackResponseUrlPolicy policy, ILogger<SlackResponseUrlClient> logger)
{
    public const string HttpClientName = "SlackResponseUrl";

    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    /// <summary>Posts the message; refusals (a host that is not Slack's, a non-success answer) are logged, not thrown.</summary>
    public async Task PostAsync(Uri? responseUrl, SlackMessage message, CancellationToken cancellationToken)
    {
        if (!policy.IsAllowed(responseUrl))
        {
            logger.LogWarning("Not posting a Slack delayed reply: response_url host {Host} is not allowed", responseUrl?.Host);
            return;
        }

        // A new message every time: the answer to a button goes under the list, which stays.
        using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(message with { ReplaceOriginal = false }, SlackMessage.JsonOptions));
        content.Headers.ContentType = Json;
        // A client per post (the factory pools the handlers), as this singleton outlives handler rotation.
        using var http = httpClients.CreateClient(HttpClientName);
        using var response = await http.PostAsync(responseUrl, content, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            logger.LogWarning(
                "Slack refused a delayed reply: {Host} answered {StatusCode}", responseUrl!.Host, (int)response.StatusCode);
        }
    }

    /// <summary>Where a slash command's late outcome goes: its response_url, rendered for the same audience.</summary>
    public ILateOutcomeTarget LaterTarget(Uri? responseUrl, SlackReplies replies, SlackAudience audience) =>
        new ResponseUrlTarget(this, responseUrl, replies, audience);

    private sealed class ResponseUrlTarget(SlackResponseUrlClient client, Uri? responseUrl, SlackReplies replies, SlackAudience audience)
        : ILateOutcomeTarget
    {
        public string ChannelId => SlashCommandHandler.ChannelId;

        public LateOutcomeAddress Address => new SlackResponseUrlAddress(responseUrl, audience, replies.Culture.Name);

        public Task DeliverAsync(BotReply reply, CancellationToken cancellationToken) =>
            client.PostAsync(responseUrl, replies.Render(reply, audience), cancellationToken);
    }
}
