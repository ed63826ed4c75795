using MeetingBot.State.Redis;
using MeetingBot.State;

namespace MeetingBot.Conversation;

/// <summary>
/// What a user is told when a turn throws, on every channel: "temporarily unavailable, try again shortly" while the
/// shared state store is unreachable (<see cref="StateOutage"/>), otherwise an apology quoting a new correlation id.
/// </summary>
public static class TurnFailure
{
    public static BotReply ReplyFor(Exception exception) =>
        StateOutage.Caused(exception) ? new UnavailableReply() : ApologyReply.New();
}
