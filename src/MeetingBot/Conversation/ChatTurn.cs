using MeetingBot.Meetings;

namespace MeetingBot.Conversation;

/// <summary>
/// What arrived on any channel, read once by that channel's adapter (Bot Framework activity, Slack slash command):
/// who asked, what they did, whether anyone else can read what they typed, and the user's time zone when the channel
/// says (Teams and Web Chat send the client's; null: times are shown in UTC, labelled so).
/// </summary>
public sealed record ChatTurn(ChatUser User, TurnInput Input, bool IsPrivate, TimeZoneInfo? TimeZone = null);

/// <summary>Where a channel keeps the dialog's state between turns.</summary>
public interface IDialogMemory
{
    /// <summary>Runs <paramref name="decide"/> over the conversation's and the user's state and keeps what it changed.</summary>
    Task<DialogStep> DecideAsync(Func<ConversationData, UserProfile, DialogStep> decide, CancellationToken cancellationToken);
}

/// <summary>Slack slash commands keep nothing between commands: no form to remember, nothing to prefill.</summary>
public sealed class NoDialogMemory : IDialogMemory
{
    public static readonly NoDialogMemory Instance = new();

    public Task<DialogStep> DecideAsync(Func<ConversationData, UserProfile, DialogStep> decide, CancellationToken cancellationToken) =>
        Task.FromResult(decide(new ConversationData(), new UserProfile()));
}

/// <summary>
/// How long a channel waits for Huawei before it answers "activating…", and where the outcome goes after that.
/// </summary>
public sealed record LateDelivery(TimeSpan ReplyBudget, ILateOutcomeTarget Target);
