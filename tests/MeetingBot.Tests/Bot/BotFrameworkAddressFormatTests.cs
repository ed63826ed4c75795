using MeetingBot.Channels.BotFramework;
using Microsoft.Bot.Schema;

namespace MeetingBot.Tests.Bot;

/// <summary>A Bot Framework address as replicas store it for a late outcome, and read it back.</summary>
public class BotFrameworkAddressFormatTests
{
    private static readonly ConversationReference Conversation = new()
    {
        ChannelId = "msteams",
        ServiceUrl = "https://smba.trafficmanager.net/emea/",
        Conversation = new ConversationAccount(isGroup: true, conversationType: "groupChat", id: "19:group@thread.v2", tenantId: "tenant-1"),
        User = new ChannelAccount("29:user-1", "Ada Lovelace"),
        Bot = new ChannelAccount("28:bot", "MeetingBot"),
    };

    private readonly BotFrameworkAddressFormat format = new();

    [Fact]
    public void An_address_for_the_user_only_reads_back_as_one()
    {
        var written = format.Write(new BotFrameworkAddress(Conversation, CardActivityId: null, "zh-CN", ToUserOnly: true));

        var read = Assert.IsType<BotFrameworkAddress>(format.Read(written, "zh-CN"));

        Assert.True(read.ToUserOnly);
        Assert.Null(read.CardActivityId);
        Assert.Equal("29:user-1", read.Conversation.User.Id);
    }

    [Fact]
    public void A_card_to_replace_is_stored_as_before_and_reads_back_as_not_private()
    {
        var written = format.Write(new BotFrameworkAddress(Conversation, "card-7", "en-US"));

        var read = Assert.IsType<BotFrameworkAddress>(format.Read(written, "en-US"));

        Assert.Null(written["toUserOnly"]);
        Assert.False(read.ToUserOnly);
        Assert.Equal("card-7", read.CardActivityId);
    }
}
