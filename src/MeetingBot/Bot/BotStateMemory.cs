using Microsoft.Bot.Builder;

namespace MeetingBot.Bot;

/// <summary>
/// The dialog's state for a Bot Framework turn: conversation and user state, read fresh and saved under the
/// <see cref="ConversationGate"/>, so simultaneous clicks on one form see each other before anything slow happens.
/// </summary>
public sealed class BotStateMemory(ITurnContext turn, ConversationState conversationState, UserState userState, ConversationGate gate) : IDialogMemory
{
    private readonly IStatePropertyAccessor<ConversationData> conversationData = conversationState.CreateProperty<ConversationData>(nameof(ConversationData));
    private readonly IStatePropertyAccessor<UserProfile> userProfile = userState.CreateProperty<UserProfile>(nameof(UserProfile));

    public static string ConversationKey(ITurnContext turn) => $"{turn.Activity.ChannelId}/{turn.Activity.Conversation.Id}";

    public async Task<DialogStep> DecideAsync(Func<ConversationData, UserProfile, DialogStep> decide, CancellationToken cancellationToken)
    {
        using var pass = await gate.EnterAsync(ConversationKey(turn), cancellationToken);
        // Read fresh: a turn that waited at the gate must see what the turn before it saved.
        await conversationState.LoadAsync(turn, force: true, cancellationToken);
        await userState.LoadAsync(turn, force: true, cancellationToken);
        var conversation = await conversationData.GetAsync(turn, () => new ConversationData(), cancellationToken);
        var user = await userProfile.GetAsync(turn, () => new UserProfile(), cancellationToken);
        var step = decide(conversation, user);
        await SaveAsync(cancellationToken);
        return step;
    }

    /// <summary>
    /// Teams sends conversationUpdate and installationUpdate at the same moment when the app is added: under the gate
    /// the second turn sees the first one's mark. True for the first.
    /// </summary>
    public async Task<bool> MarkWelcomeSentAsync(CancellationToken cancellationToken)
    {
        using var pass = await gate.EnterAsync(ConversationKey(turn), cancellationToken);
        await conversationState.LoadAsync(turn, force: true, cancellationToken);
        var conversation = await conversationData.GetAsync(turn, () => new ConversationData(), cancellationToken);
        if (conversation.WelcomeSent)
        {
            return false;
        }

        conversation.WelcomeSent = true;
        await conversationState.SaveChangesAsync(turn, force: false, cancellationToken);
        return true;
    }

    public async Task SaveAsync(CancellationToken cancellationToken)
    {
        await conversationState.SaveChangesAsync(turn, false, cancellationToken);
        await userState.SaveChangesAsync(turn, false, cancellationToken);
    }
}
