using MeetingBot.Channels.BotFramework.DialogState;
using MeetingBot.Cards;
using MeetingBot.Sandbox;
using MeetingBot.Testing;
using MeetingBot.Tests.Infrastructure;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json;

namespace MeetingBot.Tests.Integration;

/// <summary>The dialog end to end: real host on Kestrel, /api/messages with expectReplies, the sandbox Huawei simulator.</summary>
public class ActivationFlowTests(SharedBot fixture) : IClassFixture<SharedBot>
{
    private const string MeetingId = HuaweiSimulatorOptions.DemoMeetingId;
    private const string Password = HuaweiSimulatorOptions.DemoPassword;
    private MeetingBotApplication Host => fixture;

    [Theory]
    [InlineData(ActivityFixtures.TeamsPersonal)]
    [InlineData(ActivityFixtures.Emulator)]
    [InlineData(ActivityFixtures.WebChat)]
    [InlineData(ActivityFixtures.DirectLine)]
    public async Task Message_opens_the_form_and_its_submit_answers_with_the_region_ip(string channelFixture)
    {
        var chat = Host.Conversation(channelFixture);

        var form = (await chat.SendTextAsync("activate")).SingleCard();
        CardAssert.Valid(form);
        var replies = await chat.ClickAsync(form.Action(CardVerbs.Activate), FormInputs.Of("986 030 665", Password));

        Assert.Contains(replies, a => a.Type == ActivityTypes.Typing);
        var result = replies.SingleCard();
        CardAssert.Valid(result, Password);
        Assert.Contains(HuaweiSimulatorOptions.DemoRegionIp, result.TextBlocks());
        Assert.Contains(MeetingId, result.ToString(), StringComparison.Ordinal);
        Assert.Contains(result.TextBlocks(), t => t.Contains("Sandbox", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Teams_form_uses_universal_actions_and_web_chat_form_uses_submit()
    {
        var teams = (await Host.Conversation(ActivityFixtures.TeamsPersonal).SendTextAsync("activate")).SingleCard();
        var webChat = (await Host.Conversation(ActivityFixtures.WebChat).SendTextAsync("activate")).SingleCard();

        Assert.Equal("Action.Execute", teams["actions"]![0]!.Value<string>("type"));
        Assert.Equal("Action.Submit", webChat["actions"]![0]!.Value<string>("type"));
    }

    [Fact]
    public async Task Wrong_password_answers_with_the_error_card_whose_try_again_brings_back_the_prefilled_form()
    {
        var chat = Host.Conversation(ActivityFixtures.WebChat);
        var form = (await chat.SendTextAsync("activate " + MeetingId)).SingleCard();
        Assert.Equal(MeetingId, form.Input(CardInputs.MeetingId).Value<string>("value"));

        var error = (await chat.ClickAsync(form.Action(CardVerbs.Activate), FormInputs.Of(MeetingId, "wrong-password"))).SingleCard();

        CardAssert.Valid(error, "wrong-password");
        Assert.Contains(error.TextBlocks(), t => t.Contains("MMC.111072065", StringComparison.Ordinal));
        var again = (await chat.ClickAsync(error.Action(CardVerbs.ShowForm))).SingleCard();
        Assert.Equal(MeetingId, again.Input(CardInputs.MeetingId).Value<string>("value"));
        Assert.Null(again.Input(CardInputs.Password)["value"]);
    }

    [Fact]
    public async Task The_same_user_activating_again_is_not_authenticated_again()
    {
        var chat = Host.Conversation(ActivityFixtures.TeamsPersonal);
        var authBefore = Host.Simulator.AuthRequests;
        var startsBefore = Host.Simulator.StartRequests;

        for (var i = 0; i < 2; i++)
        {
            var form = (await chat.SendTextAsync("activate")).SingleCard();
            var result = (await chat.ClickAsync(form.Action(CardVerbs.Activate), FormInputs.Of(MeetingId, Password))).SingleCard();
            Assert.Contains(HuaweiSimulatorOptions.DemoRegionIp, result.TextBlocks());
        }

        Assert.Equal(2, Host.Simulator.StartRequests - startsBefore);
        Assert.Equal(1, Host.Simulator.AuthRequests - authBefore);
    }

    [Fact]
    public async Task A_second_submit_of_the_same_form_is_already_used_and_calls_Huawei_once()
    {
        var chat = Host.Conversation(ActivityFixtures.Emulator);
        var form = (await chat.SendTextAsync("activate")).SingleCard();
        var startsBefore = Host.Simulator.StartRequests;

        await chat.ClickAsync(form.Action(CardVerbs.Activate), FormInputs.Of(MeetingId, Password));
        var second = (await chat.ClickAsync(form.Action(CardVerbs.Activate), FormInputs.Of(MeetingId, Password))).SingleCard();

        Assert.Contains(second.TextBlocks(), t => t.Contains("already used", StringComparison.Ordinal));
        Assert.Equal(1, Host.Simulator.StartRequests - startsBefore);
    }

    [Fact]
    public async Task Simultaneous_submits_of_the_same_form_activate_once()
    {
        var chat = Host.Conversation(ActivityFixtures.WebChat);
        var form = (await chat.SendTextAsync("activate")).SingleCard();
        var startsBefore = Host.Simulator.StartRequests;

        var clicks = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => chat.ClickAsync(form.Action(CardVerbs.Activate), FormInputs.Of(MeetingId, Password))));

        Assert.Equal(1, Host.Simulator.StartRequests - startsBefore);
        Assert.Single(clicks, replies => replies.Cards().Any(c => c.TextBlocks().Contains(HuaweiSimulatorOptions.DemoRegionIp)));
        Assert.Equal(3, clicks.Count(replies => replies.Cards().Any(c => c.TextBlocks().Any(t => t.Contains("already used", StringComparison.Ordinal)))));
    }

    [Fact]
    public async Task Invalid_input_comes_back_on_the_cards_terms_without_calling_Huawei()
    {
        var chat = Host.Conversation(ActivityFixtures.WebChat);
        var form = (await chat.SendTextAsync("activate")).SingleCard();
        var startsBefore = Host.Simulator.StartRequests;

        var again = (await chat.ClickAsync(form.Action(CardVerbs.Activate), FormInputs.Of("98603", ""))).SingleCard();

        Assert.Contains(again.TextBlocks(), t => t.Contains("6 to 20 digits", StringComparison.Ordinal));
        Assert.Contains(again.TextBlocks(), t => t.Contains("password is missing", StringComparison.Ordinal));
        Assert.Equal(0, Host.Simulator.StartRequests - startsBefore);
    }

    [Fact]
    public async Task In_a_team_channel_the_mention_is_removed_and_the_form_opens_prefilled()
    {
        var chat = Host.Conversation(ActivityFixtures.TeamsChannelMention);

        var form = (await chat.SendTextAsync("<at>MeetingBot</at> activate 986-030-665")).SingleCard();
        var replies = await chat.ClickAsync(form.Action(CardVerbs.Activate), FormInputs.Of(form.Input(CardInputs.MeetingId).Value<string>("value")!, Password));
        var result = replies.SingleCard();

        Assert.Equal(MeetingId, form.Input(CardInputs.MeetingId).Value<string>("value"));
        Assert.Contains(HuaweiSimulatorOptions.DemoRegionIp, result.TextBlocks());
    }

    [Fact]
    public async Task A_password_typed_in_a_channel_is_not_used_nor_echoed_and_the_form_opens_instead()
    {
        var chat = Host.Conversation(ActivityFixtures.TeamsChannelMention);
        var startsBefore = Host.Simulator.StartRequests;

        var replies = await chat.SendTextAsync($"<at>MeetingBot</at> activate {MeetingId} {Password}");

        var form = replies.SingleCard();
        Assert.Contains(form.TextBlocks(), t => t.Contains("everyone in this conversation can read it", StringComparison.Ordinal));
        Assert.Equal(MeetingId, form.Input(CardInputs.MeetingId).Value<string>("value"));
        Assert.DoesNotContain(Password, JsonConvert.SerializeObject(replies), StringComparison.Ordinal);
        Assert.Equal(0, Host.Simulator.StartRequests - startsBefore);
    }

    [Fact]
    public async Task Id_and_password_typed_in_a_personal_chat_activate_at_once()
    {
        var chat = Host.Conversation(ActivityFixtures.TeamsPersonal);

        var replies = await chat.SendTextAsync($"/activate {MeetingId} {Password}");

        Assert.Contains(HuaweiSimulatorOptions.DemoRegionIp, replies.SingleCard().TextBlocks());
    }

    [Theory]
    [InlineData("help", false)]
    [InlineData("what can you do", true)]
    public async Task Help_and_anything_not_understood_answer_with_the_help_card(string text, bool notUnderstood)
    {
        var help = (await Host.Conversation(ActivityFixtures.Emulator).SendTextAsync(text)).SingleCard();

        Assert.Contains(help.TextBlocks(), t => t == "What I can do");
        Assert.Equal(notUnderstood, help.TextBlocks().Any(t => t.Contains("didn't understand", StringComparison.Ordinal)));
        Assert.Contains("activate [meeting ID] [password]", help.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_closes_the_form()
    {
        var chat = Host.Conversation(ActivityFixtures.WebChat);
        var form = (await chat.SendTextAsync("activate")).SingleCard();

        var cancelled = await chat.ClickAsync(form.Action(CardVerbs.Cancel));
        var submit = (await chat.ClickAsync(form.Action(CardVerbs.Activate), FormInputs.Of(MeetingId, Password))).SingleCard();

        Assert.Contains("Cancelled", Assert.Single(cancelled.Texts()), StringComparison.Ordinal);
        Assert.Contains(submit.TextBlocks(), t => t.Contains("already used", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Signout_forgets_the_token_so_the_next_activation_authenticates_again()
    {
        var chat = Host.Conversation(ActivityFixtures.TeamsPersonal);
        await chat.SendTextAsync($"activate {MeetingId} {Password}");
        var authBefore = Host.Simulator.AuthRequests;

        var signedOut = await chat.SendTextAsync("signout");
        await chat.SendTextAsync($"activate {MeetingId} {Password}");

        Assert.Contains("forgot your Huawei Cloud Meeting sign-in", Assert.Single(signedOut.Texts()), StringComparison.Ordinal);
        Assert.Equal(1, Host.Simulator.AuthRequests - authBefore);
    }

    [Fact]
    public async Task Chinese_locale_gets_Chinese_cards()
    {
        var chat = Host.Conversation(ActivityFixtures.TeamsPersonal).WithLocale("zh-CN");

        var form = (await chat.SendTextAsync("激活986030665")).SingleCard();
        var result = (await chat.ClickAsync(form.Action(CardVerbs.Activate), FormInputs.Of(MeetingId, Password))).SingleCard();

        Assert.Equal("激活会议", form.TextBlocks().First());
        Assert.Contains(result.TextBlocks(), t => t.Contains("会议已激活", StringComparison.Ordinal));
        Assert.Contains(HuaweiSimulatorOptions.DemoRegionIp, result.TextBlocks());
    }

    [Fact]
    public async Task No_password_reaches_bot_state_or_logs()
    {
        const string secret = "s3cret-Pa55word";
        var chat = Host.Conversation(ActivityFixtures.TeamsPersonal);
        var form = (await chat.SendTextAsync("activate")).SingleCard();
        await chat.ClickAsync(form.Action(CardVerbs.Activate), FormInputs.Of(MeetingId, secret));
        await chat.SendTextAsync($"activate {MeetingId} {secret}");

        var storage = Host.Services.GetRequiredService<IStorage>();
        var conversationKey = StateKeys.Conversation("msteams", chat.ConversationId);
        var state = await storage.ReadAsync([conversationKey, StateKeys.UserIn(conversationKey, chat.UserId)]);
        Assert.Equal(2, state.Count);
        Assert.DoesNotContain(secret, JsonConvert.SerializeObject(state), StringComparison.Ordinal);
        Assert.Contains(MeetingId, JsonConvert.SerializeObject(state), StringComparison.Ordinal);
        Assert.DoesNotContain(Host.Logs.GetSnapshot(), r => r.Message.Contains(secret, StringComparison.Ordinal) || (r.Exception?.ToString().Contains(secret, StringComparison.Ordinal) ?? false));
    }
}
