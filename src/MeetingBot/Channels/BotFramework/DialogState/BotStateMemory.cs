using MeetingBot.Conversation;
using MeetingBot.State;
using Microsoft.Bot.Builder;
using Newtonsoft.Json;

namespace MeetingBot.Channels.BotFramework.DialogState;

/// <summary>
/// The dialog's state for a Bot Framework turn: <see cref="ConversationData"/> under the key the SDK's ConversationState
/// uses, and <see cref="UserProfile"/>, the user's state in this conversation (<see cref="StateKeys"/>: kept with the
/// conversation, so a store can keep both in one place), read together (one storage read) and saved together, only over
/// what was read (ETags, one storage write). When another turn saved either in between, on this replica or another,
/// the save is refused and the decision is made again on fresh state: of two clicks on one form, the second turn then
/// finds it used. <see cref="ConversationGate"/> stays in front as the cheap local serialiser, so turns on one replica
/// do not even meet a refusal.
/// </summary>
/// <remarks>
/// Not the SDK's BotState: it saves its dictionary without an ETag (last writer wins, whichever replica it is), and it
/// reads conversation and user state one after the other. Slack's buttons keep their one-use ledger here too, in a
/// conversation the Slack adapter names (<see cref="MeetingBot.Channels.Slack.SlackInteractionHandler"/>).
/// </remarks>
public sealed class BotStateMemory(string? channelId, string conversationKey, string userKey, IStorage storage, ConversationGate gate, ILogger logger) : IDialogMemory
{
    public BotStateMemory(ITurnContext turn, IStorage storage, ConversationGate gate, ILogger logger)
        : this(turn.Activity.ChannelId, ConversationKey(turn), UserKey(turn), storage, gate, logger)
    {
    }

    /// <summary>
    /// Attempts before the turn fails (loudly: the adapter apologises). Each refusal means another turn saved this
    /// conversation or user in between, so a turn is refused at most as often as other turns save meanwhile: far more
    /// than a burst of clicks in one conversation.
    /// </summary>
    public const int MaxAttempts = 32;

    public static string ConversationKey(ITurnContext turn) => StateKeys.Conversation(turn.Activity.ChannelId, turn.Activity.Conversation.Id);

    public static string UserKey(ITurnContext turn) => StateKeys.UserIn(ConversationKey(turn), turn.Activity.From?.Id);

    public Task<DialogStep> DecideAsync(Func<ConversationData, UserProfile, DialogStep> decide, CancellationToken cancellationToken) =>
        UpdateAsync(withUser: true, state => decide(state.Conversation, state.User!), cancellationToken);

    /// <summary>
    /// Teams sends conversationUpdate and installationUpdate at the same moment when the app is added: the second turn
    /// sees the first one's mark (also on another replica). True for the first.
    /// </summary>
    public Task<bool> MarkWelcomeSentAsync(CancellationToken cancellationToken) =>
        UpdateAsync(withUser: false, state =>
        {
            if (state.Conversation.WelcomeSent)
            {
                return false;
            }

            state.Conversation.WelcomeSent = true;
            return true;
        }, cancellationToken);

    private async Task<T> UpdateAsync<T>(bool withUser, Func<DialogDocuments, T> decide, CancellationToken cancellationToken)
    {
        var userKeyRead = withUser ? userKey : null;
        using var pass = await gate.EnterAsync(conversationKey, cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var state = await DialogDocuments.ReadAsync(storage, conversationKey, userKeyRead, cancellationToken);
            var outcome = decide(state);
            try
            {
                await state.SaveChangesAsync(storage, cancellationToken);
                return outcome;
            }
            catch (Exception refused) when (StateDocument.IsConflict(refused) && attempt < MaxAttempts)
            {
                // Another turn saved this conversation or user since we read it: decide again on what it saved.
                logger.LogDebug("Another turn saved this {ChannelId} conversation's state first; deciding again (attempt {Attempt})", ChannelInput.Clean(channelId ?? "-"), attempt + 1);
            }
            catch (Exception refused) when (StateDocument.IsConflict(refused))
            {
                throw new DialogStateContendedException($"The dialog state was saved by other turns {MaxAttempts} times while this turn decided.", refused);
            }
        }
    }

    /// <summary>One attempt's documents, and what they were when read, to save only what the decision changed.</summary>
    private sealed class DialogDocuments
    {
        private readonly string conversationKey;
        private readonly string? userKey;
        private readonly string conversationAsRead;
        private readonly string? userAsRead;

        private DialogDocuments(string conversationKey, ConversationData conversation, string? userKey, UserProfile? user)
        {
            this.conversationKey = conversationKey;
            this.userKey = userKey;
            Conversation = conversation;
            User = user;
            conversationAsRead = Snapshot(conversation);
            userAsRead = user is null ? null : Snapshot(user);
        }

        public ConversationData Conversation { get; }

        public UserProfile? User { get; }

        /// <summary>
        /// Both documents in one read. Nothing stored (or something that is not the bot's document) reads as a new
        /// document without an ETag, which a save writes only if nothing was stored by then either.
        /// </summary>
        public static async Task<DialogDocuments> ReadAsync(IStorage storage, string conversationKey, string? userKey, CancellationToken cancellationToken)
        {
            var found = await storage.ReadAsync(userKey is null ? [conversationKey] : [conversationKey, userKey], cancellationToken);
            var conversation = found.TryGetValue(conversationKey, out var stored) && stored is ConversationData c ? c : new ConversationData();
            var user = userKey is null ? null : found.TryGetValue(userKey, out stored) && stored is UserProfile u ? u : new UserProfile();
            return new DialogDocuments(conversationKey, conversation, userKey, user);
        }

        /// <summary>One write of what changed: both documents or neither, so a refused save leaves nothing half done.</summary>
        public Task SaveChangesAsync(IStorage storage, CancellationToken cancellationToken)
        {
            var changes = new Dictionary<string, object>(2);
            if (Snapshot(Conversation) != conversationAsRead)
            {
                changes[conversationKey] = Conversation;
            }

            if (userKey is not null && User is not null && Snapshot(User) != userAsRead)
            {
                changes[userKey] = User;
            }

            return changes.Count == 0 ? Task.CompletedTask : storage.WriteAsync(changes, cancellationToken);
        }

        private static string Snapshot(object document) => JsonConvert.SerializeObject(document);
    }
}

/// <summary>
/// A turn's decision was overtaken <see cref="BotStateMemory.MaxAttempts"/> times by other turns' saves. The state
/// itself is fine (it is busy), so the adapter apologises without clearing it, which would forget the used forms.
/// </summary>
public sealed class DialogStateContendedException : InvalidOperationException
{
    public DialogStateContendedException()
    {
    }

    public DialogStateContendedException(string message)
        : base(message)
    {
    }

    public DialogStateContendedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
