using System.Text;
using MeetingBot.Channels.BotFramework;
using MeetingBot.Tests.Infrastructure;
using Newtonsoft.Json.Linq;
using Newtonsoft.Json;

namespace MeetingBot.Tests.Security;

public class ActivityShapeTests
{
    public static TheoryData<string> InboundFixtures => new()
    {
        ActivityFixtures.TeamsPersonal, ActivityFixtures.TeamsChannelMention, ActivityFixtures.TeamsCardSubmit, ActivityFixtures.TeamsInvoke,
        ActivityFixtures.TeamsInstallPersonal, ActivityFixtures.TeamsInstallTeam, ActivityFixtures.TeamsInstallationUpdate,
        ActivityFixtures.Emulator, ActivityFixtures.EmulatorConversationUpdate, ActivityFixtures.WebChat, ActivityFixtures.DirectLine,
        ActivityFixtures.Slack, ActivityFixtures.SlackDirectMessage,
    };

    [Theory]
    [MemberData(nameof(InboundFixtures))]
    public void Every_real_channel_payload_passes(string fixture) =>
        Assert.Null(ActivityShape.Problem(Bytes(ActivityFixtures.Load(fixture))));

    [Theory]
    [InlineData("channelData", "\"a string\"", "channelData that is not an object")]
    [InlineData("serviceUrl", "\"javascript:alert(1)\"", "no valid serviceUrl")]
    [InlineData("serviceUrl", "\"/relative\"", "no valid serviceUrl")]
    [InlineData("channelId", "42", "no valid channelId")]
    [InlineData("from", "{\"name\":\"no id\"}", "no valid from.id")]
    [InlineData("recipient", "[]", "no valid recipient.id")]
    [InlineData("entities", "[{\"type\":\"mention\",\"text\":\"<at>x</at>\"}]", "a malformed mention entity")]
    [InlineData("entities", "[{\"type\":\"mention\",\"mentioned\":{\"id\":[1]}}]", "a malformed mention entity")]
    [InlineData("entities", "[{\"type\":\"mention\",\"mentioned\":{\"id\":\"28:bot\"},\"text\":{}}]", "a malformed mention entity")]
    public void A_field_of_the_wrong_shape_is_named(string field, string json, string problem)
    {
        var activity = ActivityFixtures.Load(ActivityFixtures.TeamsChannelMention);
        activity[field] = JToken.Parse(json);

        Assert.Equal(problem, ActivityShape.Problem(Bytes(activity)));
    }

    [Fact]
    public void An_id_longer_than_any_channel_issues_is_refused()
    {
        var activity = ActivityFixtures.Load(ActivityFixtures.WebChat);
        activity["conversation"]!["id"] = new string('9', 1_001);

        Assert.Equal("no valid conversation.id", ActivityShape.Problem(Bytes(activity)));
    }

    private static byte[] Bytes(JObject activity) => Encoding.UTF8.GetBytes(activity.ToString(Formatting.None));
}
