using MeetingBot.Cards;
using MeetingBot.Channels.BotFramework;
using MeetingBot.Commands;
using MeetingBot.Conversation;
using MeetingBot.Meetings;
using MeetingBot.Tests.Infrastructure;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace MeetingBot.Tests.Bot;

public class ConversationFactsTests
{
    [Theory]
    [InlineData(ActivityFixtures.TeamsPersonal, false, true)]
    [InlineData(ActivityFixtures.TeamsChannelMention, false, false)]
    [InlineData(ActivityFixtures.TeamsChannelMention, true, true)]
    [InlineData(ActivityFixtures.Emulator, false, true)]
    [InlineData(ActivityFixtures.WebChat, false, true)]
    [InlineData(ActivityFixtures.DirectLine, false, true)]
    [InlineData(ActivityFixtures.Slack, false, false)]
    [InlineData(ActivityFixtures.SlackDirectMessage, false, true)]
    public void Knows_when_only_the_user_reads_what_they_typed(string fixture, bool targeted, bool isPrivate)
    {
        var json = ActivityFixtures.Load(fixture);
        if (targeted)
        {
            json["recipient"]!["isTargeted"] = true;
        }

        Assert.Equal(isPrivate, json.ToObject<Activity>()!.IsPrivate());
    }

    [Theory]
    [InlineData(ActivityFixtures.TeamsPersonal, "666a634e-103d-15a0-bfc2-5d7aa92d6b3f", null)]
    [InlineData(ActivityFixtures.TeamsChannelMention, "c5234031-b4e2-b22e-def3-3d9cb2935f63", null)]
    [InlineData(ActivityFixtures.Slack, "TM3FUH08L", "U5HPP84F4")]
    [InlineData(ActivityFixtures.WebChat, null, null)]
    public void The_chat_user_carries_the_tenant_or_Slack_team(string fixture, string? tenant, string? slackUser)
    {
        var activity = ActivityFixtures.Load(fixture).ToObject<Activity>()!;

        var user = activity.ChatUser();

        Assert.Equal(activity.ChannelId, user.ChannelId);
        Assert.Equal(slackUser ?? activity.From.Id, user.UserId);
        Assert.Equal(tenant, user.TenantId);
    }

    [Fact]
    public void A_Slack_user_is_the_same_chat_user_in_messages_and_slash_commands()
    {
        var message = ActivityFixtures.Load(ActivityFixtures.Slack).ToObject<Activity>()!;
        var slashCommandUser = new ChatUser("slack", TenantId: "TM3FUH08L", UserId: "U5HPP84F4");

        Assert.Equal(slashCommandUser.CacheKey, message.ChatUser().CacheKey);
    }

    [Fact]
    public void The_locale_falls_back_to_the_Teams_client_info()
    {
        var activity = ActivityFixtures.Load(ActivityFixtures.TeamsPersonal).ToObject<Activity>()!;
        activity.Locale = null;
        activity.Entities[0].Properties["locale"] = "zh-CN";

        Assert.Equal("zh-CN", activity.Text().Culture.Name);
    }

    [Fact]
    public void A_message_value_without_our_verb_is_read_as_typed_text()
    {
        var activity = new Activity(ActivityTypes.Message) { Text = "help", Value = new JObject { ["property"] = "propertyValue" } };

        Assert.Equal(new TypedCommand(new Command(CommandKind.Help)), TurnInputReader.FromMessage(activity));
    }

    [Fact]
    public void An_action_submit_value_is_read_as_a_card_submit_with_its_inputs()
    {
        var activity = new Activity(ActivityTypes.Message)
        {
            Value = new JObject { [CardData.Verb] = CardVerbs.Activate, [CardData.FormId] = "f1", [CardInputs.MeetingId] = "986030665", [CardInputs.Password] = "123456" },
        };

        var submit = Assert.IsType<CardSubmit>(TurnInputReader.FromMessage(activity));

        Assert.Equal(new CardSubmit(CardVerbs.Activate, "f1", "986030665", "123456", null), submit);
        Assert.DoesNotContain("123456", submit.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_action_execute_takes_its_verb_from_the_action()
    {
        var action = new AdaptiveCardInvokeAction { Verb = CardVerbs.ShowForm, Data = new JObject { [CardData.PrefillMeetingId] = "986030665" } };

        Assert.Equal(new CardSubmit(CardVerbs.ShowForm, null, null, null, "986030665"), TurnInputReader.FromExecute(action));
    }
}
