using System.Text;
using MeetingBot.Channels.Slack;

namespace MeetingBot.Tests.Slack;

public class SlackInteractionPayloadTests
{
    private static readonly Uri ResponseUrl = new("https://hooks.slack.com/actions/T0SLK7QX2/527381649205/qP3mZ8tR2vK6wX9yB4nD1sF7");
    private static readonly SlackClicks.Button Activate = new("5f0c1d2e3a4b45c6a7d8e9f001122334/3", "oneClickActivate", "986030671");

    [Fact]
    public void A_click_on_an_Activate_button_is_read_from_the_real_shaped_payload()
    {
        Assert.True(SlackInteractionPayload.TryParse(SlackClicks.Body(Activate, ResponseUrl, "T0SLK7QX2", "U0QW4RZ8P"), out var payload));

        Assert.Equal("block_actions", payload.Type);
        Assert.Equal("T0SLK7QX2", payload.TeamId);
        Assert.Equal("U0QW4RZ8P", payload.UserId);
        Assert.Equal("test.user", payload.UserName);
        Assert.Equal(ResponseUrl, payload.ResponseUrl);
        Assert.Equal(new SlackOneClickAction("5f0c1d2e3a4b45c6a7d8e9f001122334", "986030671"), payload.Click);
        Assert.DoesNotContain(ResponseUrl.AbsolutePath, payload.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_team_the_users_team_names_the_workspace()
    {
        var json = SlackClicks.Payload(Activate, ResponseUrl, "T0SLK7QX2", "U0QW4RZ8P");
        json.Remove("team");

        Assert.True(SlackInteractionPayload.TryParse(SlackClicks.Body(json), out var payload));
        Assert.Equal("T0SLK7QX2", payload.TeamId);
    }

    [Theory]
    [InlineData("action_id", "approve_time_off")]
    [InlineData("block_id", "VlQco")]
    [InlineData("block_id", "5f0c1d2e3a4b45c6a7d8e9f00112233z/0")]
    [InlineData("value", "986030671 123456")]
    [InlineData("value", "")]
    public void Another_action_is_an_interaction_but_no_click_of_the_bot(string field, string value)
    {
        var json = SlackClicks.Payload(Activate, ResponseUrl);
        json["actions"]![0]![field] = value;

        Assert.True(SlackInteractionPayload.TryParse(SlackClicks.Body(json), out var payload));
        Assert.Null(payload.Click);
    }

    [Fact]
    public void Another_type_of_interaction_is_no_click_of_the_bot()
    {
        var json = SlackClicks.Payload(Activate, ResponseUrl);
        json["type"] = "message_action";

        Assert.True(SlackInteractionPayload.TryParse(SlackClicks.Body(json), out var payload));
        Assert.Null(payload.Click);
    }

    [Theory]
    [InlineData("")]
    [InlineData("payload=")]
    [InlineData("payload=%7B")]
    [InlineData("payload=%5B%5D")]
    [InlineData("payload=%7B%22type%22%3A%22block_actions%22%2C%22user%22%3A%7B%22id%22%3A%22U1%22%7D%7D")]
    [InlineData("payload=a&payload=b")]
    public void A_body_that_is_no_interaction_is_refused(string form)
    {
        Assert.False(SlackInteractionPayload.TryParse(Encoding.ASCII.GetBytes(form), out _));
    }

    [Fact]
    public void A_body_that_is_not_utf8_is_refused()
    {
        Assert.False(SlackInteractionPayload.TryParse([0x70, 0x61, 0x79, 0x6c, 0x6f, 0x61, 0x64, 0x3d, 0xff, 0xfe], out _));
    }
}
