using MeetingBot.Cards;
using MeetingBot.Channels.BotFramework;
using MeetingBot.Sandbox;
using MeetingBot.Testing;
using MeetingBot.Tests.Infrastructure;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace MeetingBot.Tests.Integration;

/// <summary>Teams targeted messages: slash commands reach the bot privately, and the form in a group goes to the asker only.</summary>
public class TargetedMessageTests(SharedBot fixture) : IClassFixture<SharedBot>
{
    private MeetingBotApplication Host => fixture;

    private static bool IsTargetedAt(Activity reply, string userId) =>
        reply.Recipient?.Id == userId
        && reply.Entities?.Any(e => e.Type == TargetedMessages.TreatmentEntityType && e.Properties.Value<string>("treatment") == "targeted") == true;

    [Fact]
    public async Task The_form_in_a_team_channel_is_a_targeted_message_to_the_user_who_asked()
    {
        var chat = Host.Conversation(ActivityFixtures.TeamsChannelMention);

        var form = Assert.Single(await chat.SendTextAsync("<at>MeetingBot</at> activate"));

        Assert.True(IsTargetedAt(form, chat.UserId));
    }

    [Fact]
    public async Task The_form_in_a_personal_chat_is_an_ordinary_message()
    {
        var chat = Host.Conversation(ActivityFixtures.TeamsPersonal);

        var form = Assert.Single(await chat.SendTextAsync("activate"));

        Assert.DoesNotContain(form.Entities ?? [], e => e.Type == TargetedMessages.TreatmentEntityType);
    }

    [Fact]
    public async Task A_targeted_form_is_posted_with_isTargetedActivity_to_the_connector()
    {
        await using var connector = await ConnectorListener.StartAsync();
        var chat = Host.Conversation(ActivityFixtures.TeamsChannelMention).UseServiceUrl(connector.ServiceUrl);

        await chat.SendTextAsync("<at>MeetingBot</at> activate");

        var post = await connector.WaitForAsync(c => c.Method == "POST" && c.Body?["attachments"] is not null);
        Assert.Equal("?isTargetedActivity=true", post.Query);
        Assert.Equal(chat.UserId, post.Body!["recipient"]!.Value<string>("id"));
    }

    [Fact]
    public async Task When_Teams_refuses_a_targeted_message_the_form_is_sent_to_the_conversation()
    {
        await using var connector = await ConnectorListener.StartAsync();
        connector.FailTargeted = true;
        var chat = Host.Conversation(ActivityFixtures.TeamsChannelMention).UseServiceUrl(connector.ServiceUrl);

        await chat.SendTextAsync("<at>MeetingBot</at> activate");

        var delivered = await connector.WaitForAsync(c => c.Method == "POST" && c.Query.Length == 0 && c.Body?["attachments"] is not null);
        Assert.Contains(connector.Calls, c => c.Query == "?isTargetedActivity=true");
        Assert.Contains("Activate a meeting", delivered.Body!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Teams_slash_command_is_private_so_id_and_password_activate_at_once_and_the_answer_is_private()
    {
        var chat = Host.Conversation(ActivityFixtures.TeamsChannelMention, a =>
        {
            a["recipient"]!["isTargeted"] = true;
            a.Remove("entities");
        });
        var command = chat.NewActivity();
        command["text"] = $"activate {HuaweiSimulatorOptions.DemoMeetingId} {HuaweiSimulatorOptions.DemoPassword}";

        var replies = await chat.SendAsync(command);

        var result = replies.Single(a => a.Type == ActivityTypes.Message);
        Assert.Contains(HuaweiSimulatorOptions.DemoRegionIp, new[] { result }.SingleCard().TextBlocks());
        Assert.True(IsTargetedAt(result, chat.UserId));
        Assert.Contains(result.Entities, e => e.Type == TargetedMessages.TargetedMessageInfoEntityType && e.Properties.Value<string>("messageId") == command.Value<string>("id"));
    }

    [Fact]
    public async Task A_Teams_slash_command_without_arguments_opens_the_form_privately()
    {
        var chat = Host.Conversation(ActivityFixtures.TeamsChannelMention, a => a["recipient"]!["isTargeted"] = true);

        var form = Assert.Single(await chat.SendTextAsync("/activate 986-030-665"));

        Assert.True(IsTargetedAt(form, chat.UserId));
        Assert.Equal(HuaweiSimulatorOptions.DemoMeetingId, new[] { form }.SingleCard().Input(CardInputs.MeetingId).Value<string>("value"));
    }

    [Fact]
    public async Task Activate_a_meeting_on_the_shared_welcome_card_sends_the_form_privately_and_keeps_the_card()
    {
        await using var connector = await ConnectorListener.StartAsync();
        var chat = Host.Conversation(ActivityFixtures.TeamsInstallationUpdate);
        var install = chat.NewActivity(ActivityTypes.InstallationUpdate);
        install["action"] = "add";
        var welcome = (await chat.SendAsync(install)).SingleCard();
        chat.UseServiceUrl(connector.ServiceUrl);

        var (_, body) = await chat.ExecuteAsync((JObject)welcome["actions"]![0]!);

        Assert.Equal("application/vnd.microsoft.activity.message", body!.Value<string>("type"));
        Assert.Contains("only you can see", body.Value<string>("value"), StringComparison.Ordinal);
        var form = await connector.WaitForAsync(c => c.Method == "POST" && c.Body?["attachments"] is not null);
        Assert.Equal("?isTargetedActivity=true", form.Query);
        Assert.Equal(CardVerbs.Activate, ((JObject)form.Body!["attachments"]![0]!["content"]!)["actions"]![0]!.Value<string>("verb"));
    }
}
