using System.Text;
using MeetingBot.Cards;
using MeetingBot.Channels.BotFramework.DialogState;
using MeetingBot.Channels.BotFramework.LazyClients;
using MeetingBot.Conversation;
using MeetingBot.Meetings.Telemetry;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
using Microsoft.IdentityModel.Tokens;

namespace MeetingBot.Channels.BotFramework;

/// <summary>
/// The CloudAdapter with the bot's last line of defence: any exception in a turn is logged with a correlation id,
/// the user gets a short apology quoting that id (never a stack trace), and the conversation's state is cleared so
/// the next message starts clean. When Redis is unreachable the user is told instead that the bot is temporarily
/// unavailable (<see cref="TurnFailure"/>). It also sends Teams targeted messages (see <see cref="TargetedMessages"/>), which the
/// Bot Framework SDK's connector client cannot address, and refuses requests whose token the SDK rejects quietly
/// (<see cref="ProcessAsync"/>).
/// </summary>
public sealed class MeetingBotAdapter : CloudAdapter, IBotFrameworkHttpAdapter
{
    private readonly ILogger<MeetingBotAdapter> logger;

    public MeetingBotAdapter(
        BotFrameworkAuthentication authentication,
        ConversationState conversationState,
        IEnumerable<Microsoft.Bot.Builder.IMiddleware> middleware,
        MeetingBotMetrics metrics,
        ILogger<MeetingBotAdapter> logger)
        : base(authentication, logger)
    {
        Use(new TurnTelemetryMiddleware(metrics));
        foreach (var step in middleware)
        {
            Use(step);
        }

        this.logger = logger;
        OnTurnError = async (turn, exception) =>
        {
            var channel = ChannelInput.Clean(turn.Activity.ChannelId ?? "-");
            var activityType = ChannelInput.Clean(turn.Activity.Type ?? "-");
            if (exception is OperationCanceledException && CallerLeft(turn))
            {
                // Not a fault of ours, and no one is left to apologise to: one line, not an error with a stack trace per request.
                logger.LogInformation("A {ChannelId} {ActivityType} turn stopped: the caller closed the request before it was answered", channel, activityType);
                return;
            }

            var reply = TurnFailure.ReplyFor(exception);
            var reference = reply is ApologyReply apology ? apology.CorrelationId : "-";
            if (reply is UnavailableReply)
            {
                logger.LogWarning(exception, "Redis is unavailable: a {ChannelId} {ActivityType} turn was answered 'temporarily unavailable'", channel, activityType);
            }
            else
            {
                logger.LogError(exception, "Unhandled error in a {ChannelId} {ActivityType} turn; correlation id {CorrelationId}", channel, activityType, reference);
            }

            try
            {
                if (reply is ApologyReply && exception is not DialogStateContendedException)
                {
                    // The state may be what broke the turn. Not when Redis is away: the state is fine, and unreachable.
                    // Nor when other turns kept saving it first: it is fine and busy, and clearing it would reopen used forms.
                    await conversationState.DeleteAsync(turn);
                }

                await AnswerFailureAsync(turn, reply);
            }
            catch (Exception apologyFailure)
            {
                logger.LogError(apologyFailure, "Could not answer the failed {ChannelId} turn (correlation id {CorrelationId})", channel, reference);
            }
        };
    }

    /// <summary>
    /// <c>POST /api/messages</c> as the SDK's <see cref="CloudAdapter.ProcessAsync"/> handles it, except for a refused token:
    /// the SDK logs each refusal at Error with its stack trace, so anyone could flood the error log, and lets a token it
    /// cannot parse or whose lifetime has not begun escape as a 500. Here each refusal is a 401 and one Warning line with
    /// the reason and no exception. (The SDK's method is not virtual: hence <c>new</c>, and the interface named again so
    /// that the endpoint, which calls it through <see cref="IBotFrameworkHttpAdapter"/>, reaches this one.)
    /// </summary>
    public new async Task ProcessAsync(HttpRequest httpRequest, HttpResponse httpResponse, IBot bot, CancellationToken cancellationToken = default)
    {
        if (!HttpMethods.IsPost(httpRequest.Method))
        {
            await base.ProcessAsync(httpRequest, httpResponse, bot, cancellationToken);
            return;
        }

        var activity = await HttpHelper.ReadRequestAsync<Activity>(httpRequest);
        if (string.IsNullOrEmpty(activity?.Type))
        {
            httpResponse.StatusCode = StatusCodes.Status400BadRequest;
            logger.LogWarning("BadRequest: Missing activity or activity type.");
            return;
        }

        AuthenticateRequestResult authentication;
        try
        {
            authentication = await BotFrameworkAuthentication.AuthenticateRequestAsync(activity, httpRequest.Headers.Authorization, cancellationToken);
        }
        catch (Exception refusal) when (refusal is UnauthorizedAccessException or SecurityTokenException or SecurityTokenArgumentException)
        {
            httpResponse.StatusCode = StatusCodes.Status401Unauthorized;
            logger.LogWarning(
                "Refused a {ChannelId} {ActivityType} activity with 401: {Reason}",
                ChannelInput.Clean(activity.ChannelId ?? "-"),
                ChannelInput.Clean(activity.Type),
                RefusalReason(refusal));
            return;
        }

        var invokeResponse = await ProcessActivityAsync(authentication, activity, (turn, token) =>
        {
            turn.TurnState[RequestAbortedKey] = cancellationToken;
            return bot.OnTurnAsync(turn, token);
        }, cancellationToken);
        await HttpHelper.WriteResponseAsync(httpResponse, invokeResponse);
    }

    private const string RequestAbortedKey = "MeetingBot.RequestAborted";

    /// <summary>True when the turn came through <see cref="ProcessAsync"/> and its HTTP request has been aborted by the caller.</summary>
    private static bool CallerLeft(ITurnContext turn) =>
        turn.TurnState.TryGetValue(RequestAbortedKey, out var requestAborted) && requestAborted is CancellationToken { IsCancellationRequested: true };

    public override async Task<ResourceResponse[]> SendActivitiesAsync(ITurnContext turnContext, Activity[] activities, CancellationToken cancellationToken)
    {
        if (activities.Any(activity => activity.Type is not (ActivityTypesEx.InvokeResponse or ActivityTypesEx.Delay)))
        {
            // The SDK reads the connector through synchronous properties: make it here, where waiting blocks no thread.
            await LazyConnectorClient.EnsureCreatedAsync(turnContext);
        }

        if (!activities.Any(TargetedMessages.IsMarkedTargeted))
        {
            return await base.SendActivitiesAsync(turnContext, activities, cancellationToken);
        }

        var responses = new List<ResourceResponse>(activities.Length);
        foreach (var activity in activities)
        {
            var sent = TargetedMessages.IsMarkedTargeted(activity) ? await SendTargetedAsync(turnContext, activity, cancellationToken) : null;
            responses.AddRange(sent is null ? await base.SendActivitiesAsync(turnContext, [activity], cancellationToken) : [sent]);
        }

        return [.. responses];
    }

    public override async Task<ResourceResponse> UpdateActivityAsync(ITurnContext turnContext, Activity activity, CancellationToken cancellationToken)
    {
        await LazyConnectorClient.EnsureCreatedAsync(turnContext);
        return await base.UpdateActivityAsync(turnContext, activity, cancellationToken);
    }

    public override async Task DeleteActivityAsync(ITurnContext turnContext, ConversationReference reference, CancellationToken cancellationToken)
    {
        await LazyConnectorClient.EnsureCreatedAsync(turnContext);
        await base.DeleteActivityAsync(turnContext, reference, cancellationToken);
    }

    /// <summary>Posts a targeted message; null when Teams refused it, so the caller sends it as a normal message instead.</summary>
    private async Task<ResourceResponse?> SendTargetedAsync(ITurnContext turnContext, Activity activity, CancellationToken cancellationToken)
    {
        if (await LazyConnectorClient.UnwrapAsync(turnContext.TurnState.Get<IConnectorClient>()) is not { } connector)
        {
            return null;
        }

        var conversationId = activity.Conversation?.Id ?? turnContext.Activity.Conversation.Id;
        var uri = new Uri(connector.BaseUri, $"v3/conversations/{Uri.EscapeDataString(conversationId)}/activities?isTargetedActivity=true");
        using var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Content = new StringContent(Newtonsoft.Json.JsonConvert.SerializeObject(activity, connector.SerializationSettings), Encoding.UTF8, "application/json"),
        };
        if (connector.Credentials is not null)
        {
            await connector.Credentials.ProcessHttpRequestAsync(request, cancellationToken);
        }

        using var response = await connector.HttpClient.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            // Targeted messages are in preview: when Teams refuses one, the reply still reaches the user, publicly.
            logger.LogWarning("Teams refused a targeted message with {StatusCode}; sending it to the conversation instead", (int)response.StatusCode);
            activity.Entities = [.. activity.Entities.Where(e => e.Type != TargetedMessages.TreatmentEntityType)];
            return null;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return Newtonsoft.Json.JsonConvert.DeserializeObject<ResourceResponse>(body, connector.DeserializationSettings) ?? new ResourceResponse();
    }

    /// <summary>
    /// The SDK's own sentence for the checks it makes itself ("The token has expired", "serviceurl claim mismatch"), cleaned
    /// (it may quote the token's audience); the exception's name for what the token library refused (a signature by an
    /// unknown key, a token not yet valid, one it cannot parse), whose messages are long diagnostics.
    /// </summary>
    private static string RefusalReason(Exception refusal) =>
        refusal is UnauthorizedAccessException ? ChannelInput.Clean(refusal.Message) : refusal.GetType().Name;

    /// <summary>The apology, or "temporarily unavailable" (<see cref="TurnFailure"/>), as the channel expects it.</summary>
    private static Task<ResourceResponse> AnswerFailureAsync(ITurnContext turn, BotReply reply)
    {
        if (turn.Activity.Type != ActivityTypes.Invoke)
        {
            return turn.SendActivityAsync(ReplyRenderer.Message(reply, turn.Activity));
        }

        // An invoke is answered in its HTTP response; for a card action the answer replaces the card.
        var response = turn.Activity.Name == "adaptiveCard/action"
            ? new InvokeResponse
            {
                Status = 200,
                Body = ReplyRenderer.InvokeResponse(reply, turn.Activity),
            }
            : new InvokeResponse { Status = 500 };
        return turn.SendActivityAsync(new Activity { Type = ActivityTypesEx.InvokeResponse, Value = response });
    }
}
