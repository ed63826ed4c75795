using MeetingBot.Cards;
using MeetingBot.Sandbox;
using MeetingBot.Testing;
using MeetingBot.Tests.Infrastructure;
using Newtonsoft.Json.Linq;

namespace MeetingBot.Tests.Integration;

/// <summary>
/// A user's own limits through the real host (Kestrel, /api/messages, the sandbox simulator as Huawei): concurrent
/// activations wait their turn, and a refusal by our own per-minute limit says so, not that Huawei is busy.
/// </summary>
public class UserLimitsTests(SharedBot fixture) : IClassFixture<SharedBot>
{
    private const string MeetingId = HuaweiSimulatorOptions.DemoMeetingId;
    private const string Password = HuaweiSimulatorOptions.DemoPassword;
    private MeetingBotApplication Host => fixture;

    [Fact]
    public async Task Six_forms_submitted_at_once_by_one_user_in_two_chats_all_activate_with_one_huawei_sign_in()
    {
        var first = Host.Conversation(ActivityFixtures.WebChat);
        var second = Host.Conversation(ActivityFixtures.WebChat, activity => activity["from"]!["id"] = first.UserId);
        var forms = new List<(BotConversation Chat, JObject Form)>();
        foreach (var chat in new[] { first, first, first, second, second, second })
        {
            forms.Add((chat, (await chat.SendTextAsync("activate")).SingleCard()));
        }

        // Opening a form signs in to list the next hosted meetings: forget that token, so the six submits need a sign-in.
        await first.SendTextAsync("signout");
        var authBefore = Host.Simulator.AuthRequests;
        var startsBefore = Host.Simulator.StartRequests;

        var results = await Task.WhenAll(forms.Select(f => f.Chat.ClickAsync(f.Form.Action(CardVerbs.Activate), FormInputs.Of(MeetingId, Password))));

        Assert.All(results, replies => Assert.Contains(HuaweiSimulatorOptions.DemoRegionIp, replies.SingleCard().TextBlocks()));
        Assert.Equal(1, Host.Simulator.AuthRequests - authBefore);
        Assert.Equal(6, Host.Simulator.StartRequests - startsBefore);
    }

    [Fact]
    public async Task The_eleventh_attempt_within_a_minute_is_refused_as_the_users_own_limit_not_huawei()
    {
        var chat = Host.Conversation(ActivityFixtures.Emulator);
        for (var i = 0; i < 10; i++)
        {
            var result = (await chat.SendTextAsync($"activate {MeetingId} {Password}")).SingleCard();
            Assert.Contains(HuaweiSimulatorOptions.DemoRegionIp, result.TextBlocks());
        }

        var startsBefore = Host.Simulator.StartRequests;
        var refusal = (await chat.SendTextAsync($"activate {MeetingId} {Password}")).SingleCard();

        var text = string.Join('\n', refusal.TextBlocks());
        Assert.Contains("You tried to activate too often in the last minute", text, StringComparison.Ordinal);
        Assert.Contains("this bot allows each person a few attempts per minute", text, StringComparison.Ordinal);
        Assert.Matches(@"You can try again in \d+ s\.", text);
        Assert.DoesNotContain("Huawei", text, StringComparison.Ordinal);
        Assert.Equal(startsBefore, Host.Simulator.StartRequests);
    }
}
