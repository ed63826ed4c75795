using MeetingBot.Cards;
using MeetingBot.Meetings.Activation;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Teams;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;

namespace MeetingBot.Bot;

/// <summary>
/// The bot: reads what the user did, lets <see cref="ActivationDialog"/> decide, and answers the way the channel
/// expects (cards with Action.Submit, Teams Universal Actions answered in place, text on Slack).
/// State is saved at the end of every turn, and (under <see cref="ConversationGate"/>) before Huawei is called, so a
/// second click on the same form sees it used.
/// </summary>
public sealed class MeetingActivationBot(
    ConversationState conversationState,
    UserState userState,
    ActivationDialog dialog,
    IMeetingActivationService activation,
    OutcomeDelivery delivery,
    ConversationGate gate,
    IOptions<BotOptions> options,
    TimeProvider time,
    IHostApplicationLifetime lifetime) : TeamsActivityHandler
{
    private readonly IStatePropertyAccessor<ConversationData> conversationData = conversationState.CreateProperty<ConversationData>(nameof(ConversationData));
    private readonly IStatePropertyAccessor<UserProfile> userProfile = userState.CreateProperty<UserProfile>(nameof(UserProfile));

    /// <summary>The activity types the bot answers; the rest (reactions, edits, deletes, events, typing…) it ignores.</summary>
    private static readonly HashSet<string> AnsweredTypes =
        [ActivityTypes.Message, ActivityTypes.Invoke, ActivityTypes.ConversationUpdate, ActivityTypes.InstallationUpdate];

    public override async Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken = default)
    {
        // Ignored before the Teams handler, which would parse their channel data for nothing (and fail the turn on bad data).
        if (!AnsweredTypes.Contains(turnContext.Activity.Type))
        {
            return;
        }

        await base.OnTurnAsync(turnContext, cancellationToken);
        await SaveStateAsync(turnContext, cancellationToken);
    }

    protected override async Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turnContext, CancellationToken cancellationToken)
    {
        if (turnContext.Activity.Text is not null)
        {
            // A card submit in a channel still carries the mention entity, but no text to remove it from.
            turnContext.Activity.RemoveRecipientMention();
        }

        var input = TurnInputReader.FromMessage(turnContext.Activity);
        var step = await NextAsync(turnContext, input, cancellationToken);

        BotReply reply;
        if (step is ActivateStep activate)
        {
            await turnContext.SendActivityAsync(new Activity { Type = ActivityTypes.Typing }, cancellationToken);
            reply = await dialog.ActivateAsync(TeamsRosterEmail.ActivatingUser(turnContext), activate, cancellationToken);
        }
        else
        {
            reply = await ReplyWithoutHuaweiAsync(turnContext, step, cancellationToken);
        }

        var message = ReplyRenderer.Message(reply, Incoming(turnContext));
        if (TargetedMessages.ShouldTarget(Incoming(turnContext), reply))
        {
            TargetedMessages.MakeTargeted(message, Incoming(turnContext));
        }

        if (input is CardSubmit { Verb: CardVerbs.Activate or CardVerbs.Cancel })
        {
            // A submitted form is replaced by its outcome where the channel allows it (the password field disappears).
            await delivery.ReplaceOrSendAsync(turnContext, turnContext.Activity.ReplyToId, message, cancellationToken);
        }
        else
        {
            await turnContext.SendActivityAsync(message, cancellationToken);
        }
    }

    /// <summary>An invoke without a value is malformed; the Teams handler would dereference it (an SDK bug) and fail the turn.</summary>
    protected override Task<InvokeResponse> OnInvokeActivityAsync(ITurnContext<IInvokeActivity> turnContext, CancellationToken cancellationToken) =>
        turnContext.Activity.Value is null
            ? Task.FromResult(new InvokeResponse { Status = StatusCodes.Status400BadRequest })
            : base.OnInvokeActivityAsync(turnContext, cancellationToken);

    /// <summary>Teams Universal Actions: the answer replaces the clicked card, within Teams' invoke deadline.</summary>
    protected override async Task<AdaptiveCardInvokeResponse> OnAdaptiveCardInvokeAsync(
        ITurnContext<IInvokeActivity> turnContext,
        AdaptiveCardInvokeValue invokeValue,
        CancellationToken cancellationToken)
    {
        var input = TurnInputReader.FromExecute(invokeValue.Action);
        var step = await NextAsync(turnContext, input, cancellationToken);
        var reply = step is ActivateStep activate
            ? await ActivateWithinBudgetAsync(turnContext, activate)
            : await ReplyWithoutHuaweiAsync(turnContext, step, cancellationToken);

        if (input is CardSubmit { Verb: CardVerbs.ShowForm } && TargetedMessages.ShouldTarget(Incoming(turnContext), reply))
        {
            // "Activate a meeting" on a card everyone sees: the shared card stays, the form goes to the clicker only.
            var form = ReplyRenderer.Message(reply, Incoming(turnContext));
            TargetedMessages.MakeTargeted(form, Incoming(turnContext));
            await turnContext.SendActivityAsync(form, cancellationToken);
            return new AdaptiveCardInvokeResponse
            {
                StatusCode = 200,
                Type = "application/vnd.microsoft.activity.message",
                Value = Incoming(turnContext).Text()[nameof(Localization.Strings.FormSentPrivately)],
            };
        }

        return new AdaptiveCardInvokeResponse
        {
            StatusCode = 200,
            Type = AdaptiveElements.ContentType,
            Value = ReplyRenderer.Card(reply, Incoming(turnContext).Text(), Incoming(turnContext).CardStyle()),
        };
    }

    protected override async Task OnConversationUpdateActivityAsync(ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken)
    {
        // Only the bot's own arrival matters; the base Teams handler would look every other new member up over the network.
        var botAdded = turnContext.Activity.MembersAdded?.Any(m => m.Id == turnContext.Activity.Recipient?.Id) == true;
        if (botAdded)
        {
            await WelcomeOnceAsync(turnContext, cancellationToken);
        }
    }

    protected override Task OnInstallationUpdateAddAsync(ITurnContext<IInstallationUpdateActivity> turnContext, CancellationToken cancellationToken) =>
        WelcomeOnceAsync(turnContext, cancellationToken);

    /// <summary>
    /// Teams sends conversationUpdate and installationUpdate at the same moment when the app is added: the gate makes
    /// the second turn see the first one's mark, so the welcome goes out once.
    /// </summary>
    private async Task WelcomeOnceAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        using (await gate.EnterAsync(ConversationKey(turnContext), cancellationToken))
        {
            await conversationState.LoadAsync(turnContext, force: true, cancellationToken);
            var conversation = await conversationData.GetAsync(turnContext, () => new ConversationData(), cancellationToken);
            if (conversation.WelcomeSent)
            {
                return;
            }

            conversation.WelcomeSent = true;
            await conversationState.SaveChangesAsync(turnContext, force: false, cancellationToken);
        }

        await turnContext.SendActivityAsync(ReplyRenderer.Message(new WelcomeReply(), Incoming(turnContext)), cancellationToken);
    }

    private static string ConversationKey(ITurnContext turnContext) =>
        $"{turnContext.Activity.ChannelId}/{turnContext.Activity.Conversation.Id}";

    /// <summary>Runs the state machine and saves its state at once, before anything slow happens.</summary>
    private async Task<DialogStep> NextAsync(ITurnContext turnContext, TurnInput input, CancellationToken cancellationToken)
    {
        using var pass = await gate.EnterAsync(ConversationKey(turnContext), cancellationToken);
        // Read fresh: a turn that waited at the gate must see what the turn before it saved.
        await conversationState.LoadAsync(turnContext, force: true, cancellationToken);
        await userState.LoadAsync(turnContext, force: true, cancellationToken);
        var conversation = await conversationData.GetAsync(turnContext, () => new ConversationData(), cancellationToken);
        var user = await userProfile.GetAsync(turnContext, () => new UserProfile(), cancellationToken);
        var step = dialog.Next(input, conversation, user, Incoming(turnContext).IsPrivate());
        await SaveStateAsync(turnContext, cancellationToken);
        return step;
    }

    private async Task<BotReply> ReplyWithoutHuaweiAsync(ITurnContext turnContext, DialogStep step, CancellationToken cancellationToken)
    {
        switch (step)
        {
            case ReplyStep reply:
                return reply.Reply;
            case SignOutStep:
                await activation.SignOutAsync(Incoming(turnContext).ChatUser(), cancellationToken);
                return new NoticeReply(nameof(Localization.Strings.SignedOutText));
            default:
                throw new ArgumentOutOfRangeException(nameof(step), step.GetType().Name, "Unexpected dialog step.");
        }
    }

    /// <summary>
    /// Waits for Huawei up to <see cref="BotOptions.InvokeReplyBudget"/>. Past that, answers "activating…" and lets
    /// <see cref="OutcomeDelivery"/> replace that card when the outcome arrives. The activation is not tied to this
    /// HTTP request (it ends first), only to the application's lifetime.
    /// </summary>
    private async Task<BotReply> ActivateWithinBudgetAsync(ITurnContext turnContext, ActivateStep step)
    {
        var outcome = dialog.ActivateAsync(TeamsRosterEmail.ActivatingUser(turnContext), step, lifetime.ApplicationStopping);
        using var budgetCancellation = new CancellationTokenSource();
        var budget = Task.Delay(options.Value.InvokeReplyBudget, time, budgetCancellation.Token);
        if (await Task.WhenAny(outcome, budget) == outcome)
        {
            await budgetCancellation.CancelAsync();
            return await outcome;
        }

        delivery.ReplaceWhenDone(turnContext, outcome);
        return new ActivatingReply(step.MeetingId);
    }

    /// <summary>The incoming activity as the concrete type (the typed turn contexts expose narrower interfaces).</summary>
    private static Activity Incoming(ITurnContext turnContext) => turnContext.Activity;

    private async Task SaveStateAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        await conversationState.SaveChangesAsync(turnContext, false, cancellationToken);
        await userState.SaveChangesAsync(turnContext, false, cancellationToken);
    }
}
