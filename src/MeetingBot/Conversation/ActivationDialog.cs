using MeetingBot.Cards;
using MeetingBot.Commands;
using MeetingBot.Localization;
using MeetingBot.Meetings;
using MeetingBot.Meetings.Activation;
using Microsoft.Extensions.Options;

namespace MeetingBot.Conversation;

/// <summary>What the dialog decided for a turn.</summary>
public abstract record DialogStep;

/// <summary>Answer at once.</summary>
public sealed record ReplyStep(BotReply Reply) : DialogStep;

/// <summary>Forget the user's Huawei token, then say so.</summary>
public sealed record SignOutStep : DialogStep;

/// <summary>Call Huawei. The password lives only in this step, for the duration of the call.</summary>
public sealed record ActivateStep(MeetingCredentials Meeting) : DialogStep
{
    public override string ToString() => $"ActivateStep {Meeting.MeetingId}";
}

/// <summary>List the user's meetings on a card of its own (<paramref name="CardId"/>, for its one-click buttons).</summary>
public sealed record ListMeetingsStep(string CardId) : DialogStep;

/// <summary>The form, with the user's next hosted meetings as one-click buttons above it.</summary>
public sealed record FormWithShortcutsStep(FormCardModel Form) : DialogStep;

/// <summary>
/// Activate the meeting with the host password Huawei gives its host: at once when the user hosts it; otherwise
/// <paramref name="Form"/>, with the ID filled in (null: say the user does not host it).
/// </summary>
public sealed record ActivateAsHostStep(string MeetingId, FormCardModel? Form) : DialogStep;

/// <summary>
/// The activation dialog as an explicit state machine over <see cref="ConversationData.Forms"/>:
/// command → form (Open); form submit → validated → Huawei → result or error (Submitted); cancel (Cancelled);
/// any submit of a form that is no longer Open → "already used". A meeting ID without a password (typed, pasted, or a
/// one-click button) activates as the host when the user hosts it; a one-click button is used once per card. It decides
/// only: it changes state, never waits and calls nobody; <see cref="ActivationUseCase"/> carries out what it decided.
/// </summary>
public sealed class ActivationDialog(IOptions<BotOptions> options)
{
    private int Capacity => options.Value.RememberedFormsPerConversation;

    /// <param name="isPrivate">True when nobody but the user can read what they typed (1:1 chat, targeted message).</param>
    public DialogStep Next(TurnInput input, ConversationData conversation, UserProfile user, bool isPrivate) => input switch
    {
        TypedCommand typed => OnCommand(typed.Command, conversation, user, isPrivate),
        CardSubmit submit => OnSubmit(submit, conversation, user),
        _ => throw new ArgumentOutOfRangeException(nameof(input), input.GetType().Name, "Unknown turn input."),
    };

    private DialogStep OnCommand(Command command, ConversationData conversation, UserProfile user, bool isPrivate)
    {
        switch (command.Kind)
        {
            case CommandKind.Help:
                return Reply(new HelpReply(NotUnderstood: false));
            case CommandKind.SignOut:
                return new SignOutStep();
            case CommandKind.Cancel:
                conversation.Forms.CancelOpenForms();
                return Reply(new NoticeReply(nameof(Strings.CancelledText)));
            case CommandKind.Meetings:
                return new ListMeetingsStep(Guid.NewGuid().ToString("N"));
            case CommandKind.Activate when command.MeetingId is null:
                return new FormWithShortcutsStep(NewFormModel(conversation, user.LastMeetingId));
            case CommandKind.Activate when !command.HasPassword:
                // Nothing secret was typed: in any conversation, the host activates at once.
                return new ActivateAsHostStep(command.MeetingId, NewFormModel(conversation, command.MeetingId));
            case CommandKind.Activate when !isPrivate:
                // Everyone here read the password: do not use it, do not repeat it, offer the form.
                return Reply(NewForm(conversation, command.MeetingId, noticeKey: nameof(Strings.GroupPasswordRefused)));
            case CommandKind.Activate:
                return Validated(command.MeetingId, command.Password, conversation, user);
            default:
                return Reply(new HelpReply(NotUnderstood: true));
        }
    }

    private DialogStep OnSubmit(CardSubmit submit, ConversationData conversation, UserProfile user)
    {
        switch (submit.Verb)
        {
            case CardVerbs.ShowForm:
                return Reply(NewForm(conversation, submit.PrefillMeetingId));
            case CardVerbs.Cancel:
                return Close(submit, FormStatus.Cancelled, conversation)
                    ? Reply(new NoticeReply(nameof(Strings.CancelledText)))
                    : Reply(new AlreadyUsedReply());
            case CardVerbs.Activate:
                return Close(submit, FormStatus.Submitted, conversation)
                    ? Validated(submit.MeetingId, submit.Password, conversation, user)
                    : Reply(new AlreadyUsedReply());
            case CardVerbs.OneClick when submit.MeetingId is { } meetingId:
                // One use per button: its card and meeting are remembered like a form.
                return submit.FormId is null || conversation.Forms.TryClose($"{submit.FormId}/{meetingId}", FormStatus.Submitted, Capacity)
                    ? new ActivateAsHostStep(meetingId, Form: null)
                    : Reply(new AlreadyActivatedReply(meetingId));
            case CardVerbs.ActivateMeeting when submit.MeetingId is { } meetingId:
                return new ActivateAsHostStep(meetingId, NewFormModel(conversation, meetingId));
            default:
                return Reply(new HelpReply(NotUnderstood: true));
        }
    }

    private bool Close(CardSubmit submit, FormStatus outcome, ConversationData conversation) =>
        submit.FormId is null || conversation.Forms.TryClose(submit.FormId, outcome, Capacity);

    private DialogStep Validated(string? meetingId, string? password, ConversationData conversation, UserProfile user)
    {
        if (MeetingCredentials.TryCreate(meetingId, password, out var problems) is not { } meeting)
        {
            return Reply(NewForm(conversation, meetingId, problems));
        }

        user.LastMeetingId = meeting.MeetingId;
        return new ActivateStep(meeting);
    }

    private FormReply NewForm(ConversationData conversation, string? meetingId, IReadOnlyList<InputProblem>? problems = null, string? noticeKey = null) =>
        new(NewFormModel(conversation, meetingId, problems, noticeKey));

    private FormCardModel NewFormModel(ConversationData conversation, string? meetingId, IReadOnlyList<InputProblem>? problems = null, string? noticeKey = null) =>
        new(conversation.Forms.Open(Capacity), meetingId, problems, noticeKey);

    private static ReplyStep Reply(BotReply reply) => new(reply);
}
