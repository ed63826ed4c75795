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

/// <summary>
/// The activation dialog as an explicit state machine over <see cref="ConversationData.Forms"/>:
/// command → form (Open); form submit → validated → Huawei → result or error (Submitted); cancel (Cancelled);
/// any submit of a form that is no longer Open → "already used". It decides only: it changes state, never waits and
/// calls nobody; <see cref="ActivationUseCase"/> carries out what it decided.
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
            case CommandKind.Activate when !command.HasPassword:
                return Reply(NewForm(conversation, command.MeetingId ?? user.LastMeetingId));
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
        new(new FormCardModel(conversation.Forms.Open(Capacity), meetingId, problems, noticeKey));

    private static ReplyStep Reply(BotReply reply) => new(reply);
}
