using MeetingBot.Channels.BotFramework.DialogState;
using MeetingBot.State.Redis;

namespace MeetingBot.Tests.State;

public class HashTagAndStateKeysTests
{
    [Theory]
    [InlineData("msteams|tenant|29:alice", "{msteams|tenant|29:alice}")]
    [InlineData("}{x}", "{%7D%7Bx%7D}")]
    [InlineData("50%{", "{50%25%7B}")]
    [InlineData("", "{%}")]
    public void A_hash_tag_holds_no_brace_of_the_identity_and_is_never_empty(string identity, string tag) =>
        Assert.Equal(tag, HashTag.Of(identity));

    [Fact]
    public void Identities_that_differ_get_different_tags_even_where_escaping_could_meet()
    {
        var identities = new[] { "{", "%7B", "%", "%25", "", "}", "%7D" };

        Assert.Equal(identities.Length, identities.Select(HashTag.Of).Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData("msteams/conversations/a:1", "msteams/conversations/a:1")]
    [InlineData("msteams/conversations/a:1#users/29:alice", "msteams/conversations/a:1")]
    [InlineData("emulator/conversations/x#y", "emulator/conversations/x")]
    [InlineData("emulator/conversations/x#y#users/u", "emulator/conversations/x")]
    public void A_key_belongs_to_the_conversation_named_before_its_first_separator(string key, string conversation) =>
        Assert.Equal(conversation, StateKeys.ConversationOf(key));

    [Theory]
    [InlineData("plain")]
    [InlineData("msteams/users/29:alice")]
    [InlineData("/conversations/x")]
    [InlineData("a/b/conversations/x")]
    public void A_key_of_another_shape_names_no_conversation(string key) => Assert.Null(StateKeys.ConversationOf(key));

    [Fact]
    public void A_users_state_belongs_to_its_conversation_whatever_the_conversation_id_holds()
    {
        foreach (var conversationId in new[] { "a:1", "x#users/y", "19:abc@thread.v2;messageid=1", "会议#" })
        {
            var conversation = StateKeys.Conversation("msteams", conversationId);

            Assert.Equal(StateKeys.ConversationOf(conversation), StateKeys.ConversationOf(StateKeys.UserIn(conversation, "29:alice")));
        }
    }
}
