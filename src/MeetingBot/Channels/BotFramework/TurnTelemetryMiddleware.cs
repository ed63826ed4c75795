using MeetingBot.Meetings.Telemetry;
using MeetingBot.Telemetry;
using Microsoft.Bot.Builder;

namespace MeetingBot.Channels.BotFramework;

/// <summary>
/// The first step of every Bot Framework turn: opens the turn's span and counts the turn, as an error when an
/// exception leaves the bot (the adapter's <c>OnTurnError</c> then apologises, quoting the same trace id).
/// </summary>
public sealed class TurnTelemetryMiddleware(MeetingBotMetrics metrics) : Microsoft.Bot.Builder.IMiddleware
{
    public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken = default)
    {
        var activity = turnContext.Activity;
        // The command is named on the span by the bot once it has read the input (TurnTelemetry.CommandRead): no second parse.
        using var turn = TurnTelemetry.Start(metrics, activity.ChannelId, activity.Type);
        try
        {
            await next(cancellationToken);
        }
        catch (Exception exception)
        {
            turn.Failed(exception);
            throw;
        }
    }
}
