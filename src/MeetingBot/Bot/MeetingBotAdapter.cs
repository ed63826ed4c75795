using System.Security.Cryptography;
using MeetingBot.Cards;
using MeetingBot.Localization;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;

namespace MeetingBot.Bot;

/// <summary>
/// The CloudAdapter with the bot's last line of defence: any exception in a turn is logged with a correlation id,
/// the user gets a short apology quoting that id (never a stack trace), and the conversation's state is cleared so
/// the next message starts clean.
/// </summary>
public sealed class MeetingBotAdapter : CloudAdapter
{
    public MeetingBotAdapter(
        BotFrameworkAuthentication authentication,
        ConversationState conversationState,
        IEnumerable<Microsoft.Bot.Builder.IMiddleware> middleware,
        ILogger<MeetingBotAdapter> logger)
        : base(authentication, logger)
    {
        foreach (var step in middleware)
        {
            Use(step);
        }

        OnTurnError = async (turn, exception) =>
        {
            var correlationId = Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant();
            logger.LogError(exception, "Unhandled error in a {ChannelId} {ActivityType} turn; correlation id {CorrelationId}", turn.Activity.ChannelId, turn.Activity.Type, correlationId);
            try
            {
                await conversationState.DeleteAsync(turn);
                await ApologiseAsync(turn, turn.Activity.Text().Format(nameof(Strings.TurnError), correlationId));
            }
            catch (Exception apologyFailure)
            {
                logger.LogError(apologyFailure, "Could not apologise for the error with correlation id {CorrelationId}", correlationId);
            }
        };
    }

    private static Task<ResourceResponse> ApologiseAsync(ITurnContext turn, string apology)
    {
        if (turn.Activity.Type != ActivityTypes.Invoke)
        {
            return turn.SendActivityAsync(MessageFactory.Text(apology));
        }

        // An invoke is answered in its HTTP response; for a card action the apology replaces the card.
        var response = turn.Activity.Name == "adaptiveCard/action"
            ? new InvokeResponse
            {
                Status = 200,
                Body = new AdaptiveCardInvokeResponse
                {
                    StatusCode = 200,
                    Type = AdaptiveElements.ContentType,
                    Value = AdaptiveElements.Card([AdaptiveElements.Text(apology, color: TextColor.Attention)]),
                },
            }
            : new InvokeResponse { Status = 500 };
        return turn.SendActivityAsync(new Activity { Type = ActivityTypesEx.InvokeResponse, Value = response });
    }
}
