using MeetingBot.Cards;
using MeetingBot.Meetings.Activation;
using MeetingBot.Meetings.Listing;

namespace MeetingBot.Conversation;

/// <summary>What the bot answers, independent of how a channel shows it (card, invoke response, Slack text).</summary>
public abstract record BotReply;

/// <param name="Shortcuts">The user's next hosted meetings, as one-click buttons above the form (in <paramref name="TimeZone"/>).</param>
public sealed record FormReply(FormCardModel Form, IReadOnlyList<HuaweiMeeting>? Shortcuts = null, TimeZoneInfo? TimeZone = null) : BotReply;

/// <summary>The user's ongoing and upcoming meetings, soonest first, on card <paramref name="CardId"/>; times in <paramref name="TimeZone"/> (null: UTC).</summary>
public sealed record MeetingListReply(string CardId, IReadOnlyList<HuaweiMeeting> Meetings, bool HasMore, TimeZoneInfo? TimeZone) : BotReply;

/// <summary>Huawei could not answer for the user's meetings: why, and what to try.</summary>
public sealed record MeetingListFailedReply(MeetingQueryOutcome Outcome, TimeSpan? RetryAfter, string? ErrorCode, string? RequestId) : BotReply;

/// <summary>The user does not host the meeting, so the bot cannot start it without the host password.</summary>
public sealed record NotHostReply(string MeetingId) : BotReply;

/// <summary>A second click on a card's one-click button: the meeting was already activated from that card.</summary>
public sealed record AlreadyActivatedReply(string MeetingId) : BotReply;

public sealed record ResultReply(ActivationResult Result, string ActivatedBy, bool Sandbox) : BotReply;

public sealed record ErrorReply(ActivationResult Result) : BotReply;

public sealed record ActivatingReply(string MeetingId) : BotReply;

/// <summary>The bot shut down before Huawei answered: the user should check whether the meeting started.</summary>
public sealed record RestartReply(string MeetingId) : BotReply;

/// <summary>
/// The replica that showed "activating…" died before delivering the outcome, and no outcome was recorded: the meeting
/// may have started; the user should check.
/// </summary>
public sealed record LostTrackReply(string MeetingId) : BotReply;

public sealed record AlreadyUsedReply : BotReply;

public sealed record HelpReply(bool NotUnderstood) : BotReply;

public sealed record WelcomeReply : BotReply;

/// <summary>A one-line answer ("Cancelled.", "Signed out."), by resource key.</summary>
public sealed record NoticeReply(string TextKey) : BotReply;

/// <summary>The shared state store (Redis) is unreachable: try again shortly. Not a bug, so no correlation id.</summary>
public sealed record UnavailableReply : BotReply;

/// <summary>A bug broke the turn: a short apology quoting the id under which the error was logged.</summary>
public sealed record ApologyReply(string CorrelationId) : BotReply
{
    /// <summary>
    /// The id a user can quote to support: the trace id, which the log lines and spans of the turn carry too
    /// (a random id only when nothing traces the request).
    /// </summary>
    public static ApologyReply New() => new(
        MeetingBot.Meetings.Telemetry.MeetingBotTracing.CurrentTraceId()
        ?? Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6)).ToLowerInvariant());
}
