using MeetingBot.Cards;
using MeetingBot.Channels.BotFramework.DialogState;
using MeetingBot.Conversation;
using MeetingBot.Telemetry;
using Microsoft.Bot.Builder.Teams;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;
using Microsoft.Extensions.Options;

namespace MeetingBot.Channels.BotFramework;

/// <summary>
/// The Bot Framework channel adapter: reads an activity into a <see cref="ChatTurn"/>, hands it to
/// <see cref="ActivationUseCase"/>, and answers the way the channel expects (cards with Action.Submit, Teams
/// Universal Actions answered in place, text on Slack) through <see cref="ReplyRenderer"/>.
/// The dialog's state is saved by <see cref="BotStateMemory"/> as soon as the dialog decided, before Huawei is called, so
/// a second click on the same form (on any replica) sees it used; nothing changes it later in the turn.
/// </summary>
public sealed class MeetingActivationBot(
    IStorage storage,
    ActivationUseCase useCase,
    MeetingLinkPreview linkPreview,
    ConversationGate gate,
    IOptions<BotOptions> options,
    ILogger<MeetingActivationBot> logger) : TeamsActivityHandler
{
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
    }

    protected override async Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turnContext, CancellationToken cancellationToken)
    {
        if (turnContext.Activity.Text is not null)
        {
            // A card submit in a channel still carries the mention entity, but no text to remove it from.
            turnContext.Activity.RemoveRecipientMention();
        }

        var turn = Read(turnContext, TurnInputReader.FromMessage(turnContext.Activity));
        var step = await useCase.DecideAsync(turn, Memory(turnContext), cancellationToken);
        if (step is ActivateStep)
        {
            await turnContext.SendActivityAsync(new Activity { Type = ActivityTypes.Typing }, cancellationToken);
        }

        var reply = await useCase.AnswerAsync(turn, step, later: null, cancellationToken);
        var message = ReplyRenderer.Message(reply, Incoming(turnContext));
        if (TargetedMessages.ShouldTarget(Incoming(turnContext), reply))
        {
            TargetedMessages.MakeTargeted(message, Incoming(turnContext));
        }

        if (turn.Input is CardSubmit { Verb: CardVerbs.Activate or CardVerbs.Cancel })
        {
            // A submitted form is replaced by its outcome where the channel allows it (the password field disappears).
            await BotFrameworkDelivery.ReplaceOrSendAsync(turnContext, turnContext.Activity.ReplyToId, message, logger, cancellationToken);
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

    /// <summary>
    /// Teams Universal Actions: the answer replaces the clicked card, within Teams' invoke deadline
    /// (<see cref="BotOptions.InvokeReplyBudget"/>); a slower outcome replaces the "activating…" card later.
    /// </summary>
    protected override async Task<AdaptiveCardInvokeResponse> OnAdaptiveCardInvokeAsync(
        ITurnContext<IInvokeActivity> turnContext,
        AdaptiveCardInvokeValue invokeValue,
        CancellationToken cancellationToken)
    {
        var turn = Read(turnContext, TurnInputReader.FromExecute(invokeValue.Action));
        var step = await useCase.DecideAsync(turn, Memory(turnContext), cancellationToken);

        // A link card was posted by a user for everyone in the conversation, and is not the bot's to replace: whoever
        // clicks it gets their own answer (the activation, or the form), privately, and the card stays for the others.
        var privately = turn.Input is CardSubmit { Verb: CardVerbs.ActivateMeeting } && TargetedMessages.InSharedTeamsConversation(Incoming(turnContext));
        var later = new LateDelivery(options.Value.InvokeReplyBudget, BotFrameworkDelivery.LaterTarget(turnContext, logger, toUserOnly: privately));
        var reply = await useCase.AnswerAsync(turn, step, later, cancellationToken);

        // "Activate a meeting" on a card everyone sees: the shared card stays, the form goes to the clicker only.
        if (privately || (turn.Input is CardSubmit { Verb: CardVerbs.ShowForm } && TargetedMessages.ShouldTarget(Incoming(turnContext), reply)))
        {
            return await AnswerPrivatelyAsync(turnContext, reply, cancellationToken);
        }

        return ReplyRenderer.InvokeResponse(reply, Incoming(turnContext));
    }

    /// <summary>
    /// Teams link unfurling: a pasted Huawei Cloud Meeting join link becomes a card with an Activate button, showing the
    /// meeting's subject only to a user whose meeting it is; any other link gets no card.
    /// </summary>
    protected override async Task<MessagingExtensionResponse> OnTeamsAppBasedLinkQueryAsync(
        ITurnContext<IInvokeActivity> turnContext,
        AppBasedLinkQuery query,
        CancellationToken cancellationToken)
    {
        var link = await linkPreview.PreviewAsync(TeamsRosterEmail.ActivatingUser(turnContext), query?.Url, cancellationToken);
        return LinkUnfurling.Response(link, Incoming(turnContext));
    }

    /// <summary>The answer as a message only the clicker sees; the clicked card stays, and Teams tells the clicker where to look.</summary>
    private static async Task<AdaptiveCardInvokeResponse> AnswerPrivatelyAsync(ITurnContext turnContext, BotReply reply, CancellationToken cancellationToken)
    {
        var message = ReplyRenderer.Message(reply, Incoming(turnContext));
        TargetedMessages.MakeTargeted(message, Incoming(turnContext));
        await turnContext.SendActivityAsync(message, cancellationToken);
        var notice = reply is FormReply ? nameof(Localization.Strings.FormSentPrivately) : nameof(Localization.Strings.AnsweredPrivately);
        return new AdaptiveCardInvokeResponse
        {
            StatusCode = 200,
            Type = "application/vnd.microsoft.activity.message",
            Value = Incoming(turnContext).Text()[notice],
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

    private async Task WelcomeOnceAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        if (await Memory(turnContext).MarkWelcomeSentAsync(cancellationToken))
        {
            await turnContext.SendActivityAsync(ReplyRenderer.Message(new WelcomeReply(), Incoming(turnContext)), cancellationToken);
        }
    }

    /// <summary>
    /// The activity as a <see cref="ChatTurn"/>; in Teams the user can be looked up in the roster for their email.
    /// Slack through Azure Bot Service shows cards as pictures: it gets text, and no form shortcuts.
    /// </summary>
    private static ChatTurn Read(ITurnContext turnContext, TurnInput input)
    {
        TurnTelemetry.CommandRead(input);
        var activity = Incoming(turnContext);
        return new(TeamsRosterEmail.ActivatingUser(turnContext), input, activity.IsPrivate(), activity.TimeZone(), ShowsCards: !activity.IsSlack());
    }

    private BotStateMemory Memory(ITurnContext turnContext) => new(turnContext, storage, gate, logger);

    /// <summary>The incoming activity as the concrete type (the typed turn contexts expose narrower interfaces).</summary>
    private static Activity Incoming(ITurnContext turnContext) => turnContext.Activity;
}
