using MeetingBot.Bot;
using MeetingBot.Cards;
using MeetingBot.Meetings.Telemetry;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace MeetingBot.Telemetry;

/// <summary>
/// The first step of every Bot Framework turn: opens the turn's span and counts the turn, as an error when an
/// exception leaves the bot (the adapter's <c>OnTurnError</c> then apologises, quoting the same trace id).
/// </summary>
public sealed class TurnTelemetryMiddleware : Microsoft.Bot.Builder.IMiddleware
{
    public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken = default)
    {
        var activity = turnContext.Activity;
        using var turn = TurnTelemetry.Start(activity.ChannelId, activity.Type, () => CommandOf(activity));
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

    /// <summary>What the user asked for, as a command name or card verb; never the text itself (it may hold a password).</summary>
    internal static string? CommandOf(Activity activity)
    {
        if (activity.Type == ActivityTypes.Message)
        {
            return TurnInputReader.FromMessage(activity) switch
            {
                TypedCommand typed => TelemetryValues.SnakeCase(typed.Command.Kind.ToString()),
                CardSubmit submit => Verb(submit.Verb),
                _ => null,
            };
        }

        return activity.Type == ActivityTypes.Invoke && activity.Value is JObject value && value["action"] is JObject action
            ? Verb(LenientJson.Text(action["verb"]))
            : null;
    }

    private static string Verb(string? verb) =>
        verb is not null && CardVerbs.All.Contains(verb) ? TelemetryValues.SnakeCase(verb) : TelemetryValues.Other;
}
