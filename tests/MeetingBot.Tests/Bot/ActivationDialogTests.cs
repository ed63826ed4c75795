using MeetingBot.Meetings.Telemetry;
using MeetingBot.Meetings.Listing;
using Microsoft.Extensions.Logging.Abstractions;
using MeetingBot.LateOutcomes;
using MeetingBot.Cards;
using MeetingBot.Commands;
using MeetingBot.Conversation;
using MeetingBot.Localization;
using MeetingBot.Meetings.Activation;
using MeetingBot.Meetings;
using MeetingBot.Testing;
using Microsoft.Extensions.Options;
using Moq;

namespace MeetingBot.Tests.Bot;

public class ActivationDialogTests
{
    private static readonly ChatUser Megan = new("msteams", "tenant", "29:megan", DisplayName: "Megan Bowen");
    private readonly Mock<IMeetingActivationService> activation = new(MockBehavior.Strict);
    private readonly Mock<IActivationEnvironment> sandbox = new();
    private readonly ConversationData conversation = new();
    private readonly UserProfile user = new();
    private readonly ActivationDialog dialog;

    public ActivationDialogTests()
    {
        dialog = new ActivationDialog(Options.Create(new BotOptions { RememberedFormsPerConversation = 3 }));
    }

    [Fact]
    public void Activate_without_arguments_opens_an_empty_form_and_remembers_it_open()
    {
        var form = FormOf(Typed("activate"));

        Assert.Null(form.MeetingId);
        Assert.Equal(FormStatus.Open, conversation.Forms.StatusOf(form.FormId));
    }

    [Fact]
    public void Activate_with_an_id_prefills_the_form()
    {
        Assert.Equal("986030665", FormOf(Typed("activate 986 030 665")).MeetingId);
    }

    [Fact]
    public void A_new_form_is_prefilled_with_the_users_last_meeting_id()
    {
        user.LastMeetingId = "986030665";

        Assert.Equal("986030665", FormOf(Typed("activate")).MeetingId);
    }

    [Fact]
    public void Id_and_password_typed_in_private_go_straight_to_activation()
    {
        var step = dialog.Next(Typed("activate 986030665 123456"), conversation, user, isPrivate: true);

        var activate = Assert.IsType<ActivateStep>(step);
        Assert.Equal("986030665", activate.Meeting.MeetingId);
        Assert.Equal("123456", activate.Meeting.Password);
        Assert.Equal("986030665", user.LastMeetingId);
        Assert.DoesNotContain("123456", activate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Id_and_password_typed_in_a_group_are_refused_with_the_form_and_no_password()
    {
        var step = dialog.Next(Typed("activate 986030665 123456"), conversation, user, isPrivate: false);

        var form = Assert.IsType<FormReply>(Assert.IsType<ReplyStep>(step).Reply).Form;
        Assert.Equal("986030665", form.MeetingId);
        Assert.Equal(nameof(Strings.GroupPasswordRefused), form.NoticeKey);
        Assert.DoesNotContain("123456", form.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_typed_input_in_private_comes_back_as_a_form_with_the_problems()
    {
        var form = FormOf(Typed("activate 12 123456"), isPrivate: true);

        Assert.Equal([InputProblem.MeetingIdWrongLength], form.Problems);
    }

    [Fact]
    public void Submitting_an_open_form_closes_it_and_activates()
    {
        var formId = FormOf(Typed("activate")).FormId;

        var step = dialog.Next(Submit(CardVerbs.Activate, formId, "986-030-665", "123456"), conversation, user, isPrivate: false);

        var activate = Assert.IsType<ActivateStep>(step);
        Assert.Equal("986030665", activate.Meeting.MeetingId);
        Assert.Equal("123456", activate.Meeting.Password);
        Assert.Equal(FormStatus.Submitted, conversation.Forms.StatusOf(formId));
    }

    [Fact]
    public void A_second_submit_of_the_same_form_is_already_used()
    {
        var formId = FormOf(Typed("activate")).FormId;
        dialog.Next(Submit(CardVerbs.Activate, formId, "986030665", "123456"), conversation, user, isPrivate: true);

        var second = dialog.Next(Submit(CardVerbs.Activate, formId, "986030665", "123456"), conversation, user, isPrivate: true);

        Assert.IsType<AlreadyUsedReply>(Assert.IsType<ReplyStep>(second).Reply);
    }

    [Fact]
    public void A_cancelled_form_cannot_be_submitted()
    {
        var formId = FormOf(Typed("activate")).FormId;
        var cancel = dialog.Next(Submit(CardVerbs.Cancel, formId), conversation, user, isPrivate: true);

        var submit = dialog.Next(Submit(CardVerbs.Activate, formId, "986030665", "123456"), conversation, user, isPrivate: true);

        Assert.IsType<NoticeReply>(Assert.IsType<ReplyStep>(cancel).Reply);
        Assert.IsType<AlreadyUsedReply>(Assert.IsType<ReplyStep>(submit).Reply);
    }

    [Fact]
    public void Typed_cancel_cancels_every_open_form()
    {
        var first = FormOf(Typed("activate")).FormId;
        var second = FormOf(Typed("activate")).FormId;

        dialog.Next(Typed("cancel"), conversation, user, isPrivate: true);

        Assert.Equal(FormStatus.Cancelled, conversation.Forms.StatusOf(first));
        Assert.Equal(FormStatus.Cancelled, conversation.Forms.StatusOf(second));
    }

    [Fact]
    public void An_invalid_submit_closes_the_form_and_sends_a_fresh_one_with_the_problems()
    {
        var formId = FormOf(Typed("activate")).FormId;

        var retry = FormOf(Submit(CardVerbs.Activate, formId, "98603x", ""));

        Assert.NotEqual(formId, retry.FormId);
        Assert.Equal("98603x", retry.MeetingId);
        Assert.Equal([InputProblem.MeetingIdNotDigits, InputProblem.PasswordMissing], retry.Problems);
        Assert.Equal(FormStatus.Submitted, conversation.Forms.StatusOf(formId));
    }

    [Fact]
    public void Try_again_brings_back_the_form_with_the_id_prefilled()
    {
        var form = FormOf(new CardSubmit(CardVerbs.ShowForm, null, null, null, "986030665"));

        Assert.Equal("986030665", form.MeetingId);
        Assert.Equal(FormStatus.Open, conversation.Forms.StatusOf(form.FormId));
    }

    [Fact]
    public void The_ledger_remembers_only_the_most_recent_forms()
    {
        var oldest = FormOf(Typed("activate")).FormId;
        FormOf(Typed("activate"));
        FormOf(Typed("activate"));
        FormOf(Typed("activate"));

        Assert.Equal(3, conversation.Forms.Entries.Count);
        Assert.Null(conversation.Forms.StatusOf(oldest));
    }

    [Theory]
    [InlineData("help", false)]
    [InlineData("what is this", true)]
    public void Help_and_anything_unknown_answer_with_help(string text, bool notUnderstood)
    {
        var reply = Assert.IsType<HelpReply>(Assert.IsType<ReplyStep>(dialog.Next(Typed(text), conversation, user, true)).Reply);

        Assert.Equal(notUnderstood, reply.NotUnderstood);
    }

    [Fact]
    public void Signout_is_its_own_step()
    {
        Assert.IsType<SignOutStep>(dialog.Next(Typed("signout"), conversation, user, true));
    }

    [Fact]
    public async Task Activation_outcomes_become_result_or_error_replies()
    {
        sandbox.SetupGet(s => s.IsSandbox).Returns(true);
        var activated = new ActivationResult { Outcome = ActivationOutcome.Activated, MeetingId = "986030665", RegionIp = "100.94.23.40", CompletedAt = DateTimeOffset.UnixEpoch };
        var refused = new ActivationResult { Outcome = ActivationOutcome.WrongMeetingIdOrPassword, MeetingId = "986030665", ErrorCode = "MMC.111072065", CompletedAt = DateTimeOffset.UnixEpoch };
        activation.Setup(a => a.ActivateAsync(Megan, It.Is<MeetingCredentials>(m => m.MeetingId == "986030665" && m.Password == "123456"), It.IsAny<CancellationToken>())).ReturnsAsync(activated);
        activation.Setup(a => a.ActivateAsync(Megan, It.Is<MeetingCredentials>(m => m.MeetingId == "986030665" && m.Password == "wrong"), It.IsAny<CancellationToken>())).ReturnsAsync(refused);

        var meetings = new Mock<IMeetingListService>(MockBehavior.Strict).Object;
        var useCase = new ActivationUseCase(dialog, activation.Object, meetings, new HostActivation(meetings, activation.Object), sandbox.Object, new ActivationsInFlight(
            Options.Create(new BotOptions()), new InProcessLateOutcomeRecords(), TimeProvider.System, new MeetingBotMetrics(new TestMeterFactory()), NullLogger<ActivationsInFlight>.Instance));
        var turn = new ChatTurn(Megan, Typed("activate"), IsPrivate: true);

        var result = await useCase.AnswerAsync(turn, new ActivateStep(TypedActivation.Credentials("986030665", "123456")), later: null, CancellationToken.None);
        var error = await useCase.AnswerAsync(turn, new ActivateStep(TypedActivation.Credentials("986030665", "wrong")), later: null, CancellationToken.None);

        Assert.Equal(new ResultReply(activated, "Megan Bowen", Sandbox: true), result);
        Assert.Equal(new ErrorReply(refused), error);
    }

    private FormCardModel FormOf(TurnInput input, bool isPrivate = true) =>
        Assert.IsType<FormReply>(Assert.IsType<ReplyStep>(dialog.Next(input, conversation, user, isPrivate)).Reply).Form;

    private static TypedCommand Typed(string text) => new(CommandParser.Parse(text));

    private static CardSubmit Submit(string verb, string formId, string? meetingId = null, string? password = null) =>
        new(verb, formId, meetingId, password, null);
}
