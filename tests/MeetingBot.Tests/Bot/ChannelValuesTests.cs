using MeetingBot.Conversation;

namespace MeetingBot.Tests.Bot;

public class ChannelValuesTests
{
    [Theory]
    [InlineData("29:1lQDddnDdqOaoUzqsIE3tvIJZdJU3SNEYS0_uHyc7asVKUUUDnIU7mm")]
    [InlineData("U0USER0001")]
    [InlineData("21314bbd-2ff3-cc0a-9918-a00465d5ae76")]
    public void Real_channel_ids_pass_unchanged(string id) => Assert.Same(id, ChannelInput.Id(id));

    [Fact]
    public void A_forged_line_break_in_a_user_id_and_name_is_dropped_when_the_chat_user_is_built()
    {
        var user = ChannelInput.ChatUser("msteams", "tenant\r\n", "29:eve\r\n2026-11-26 info: forged", "aad\u0000id", "Eve\n[Critical] forged line\u001b[31m");

        foreach (var value in new[] { user.ChannelId, user.TenantId, user.UserId, user.AadObjectId, user.DisplayName })
        {
            Assert.DoesNotContain(value!, char.IsControl);
        }

        Assert.StartsWith("29:eve2026-11-26 info: forged#", user.UserId, StringComparison.Ordinal);
        Assert.Equal("Eve[Critical] forged line[31m", user.DisplayName);
    }

    [Fact]
    public void Ids_that_differ_only_in_control_characters_stay_different_users()
    {
        Assert.NotEqual(ChannelInput.Id("U1\nU2"), ChannelInput.Id("U1U2"));
        Assert.NotEqual(ChannelInput.Id("U1\nU2"), ChannelInput.Id("U1\rU2"));
        Assert.Equal(ChannelInput.Id("U1\nU2"), ChannelInput.Id("U1\nU2"));
    }

    [Fact]
    public void Overlong_values_are_bounded_and_overlong_ids_stay_distinct()
    {
        var a = ChannelInput.Id(new string('a', 5000) + "1");
        var b = ChannelInput.Id(new string('a', 5000) + "2");

        Assert.InRange(a.Length, ChannelInput.MaxLength, ChannelInput.MaxLength + 10);
        Assert.NotEqual(a, b);
        Assert.Equal(ChannelInput.MaxLength + 1, ChannelInput.Name(new string('n', 5000))!.Length);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Missing_optional_values_are_null(string? value)
    {
        Assert.Null(ChannelInput.OptionalId(value));
        Assert.Null(ChannelInput.Name(value));
    }
}
