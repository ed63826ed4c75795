using MeetingBot.Conversation;

namespace MeetingBot.Channels.Slack;

/// <summary>
/// What a Slack user is told when their command or click throws (<see cref="TurnFailure"/>), logged once: a warning while
/// Redis is unreachable, otherwise an error with the reference the apology quotes.
/// </summary>
public static class SlackTurnFailure
{
    /// <param name="kind">What failed, for the log line ("Slack slash command").</param>
    public static BotReply LoggedReplyFor(Exception exception, ILogger logger, string kind)
    {
        var reply = TurnFailure.ReplyFor(exception);
        if (reply is ApologyReply apology)
        {
            logger.LogError(exception, "{SlackRequestKind} failed; reference {Reference}", kind, apology.CorrelationId);
        }
        else
        {
            logger.LogWarning(exception, "Redis is unavailable: a {SlackRequestKind} was answered 'temporarily unavailable'", kind);
        }

        return reply;
    }
}
