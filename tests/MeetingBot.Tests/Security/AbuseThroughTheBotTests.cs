using MeetingBot.Localization;
using MeetingBot.Sandbox;
using MeetingBot.Testing;
using MeetingBot.Tests.Infrastructure;

namespace MeetingBot.Tests.Security;

/// <summary>Brute-force lockout and Huawei's rate limits as a user meets them: through /api/messages, against the sandbox.</summary>
public sealed class AbuseThroughTheBotTests : IAsyncLifetime
{
    private const string MeetingId = HuaweiSimulatorOptions.DemoMeetingId;

    private static readonly BotText English = BotText.For("en-US");

    private MeetingBotApplication? _host;

    private MeetingBotApplication Host => _host!;

    public async Task InitializeAsync() => _host = await MeetingBotApplication.StartAsync();

    [Fact]
    public async Task The_sixth_wrong_password_is_refused_with_when_to_try_again_and_makes_no_call_to_Huawei()
    {
        var chat = Host.Conversation(ActivityFixtures.TeamsPersonal);
        for (var i = 1; i <= 5; i++)
        {
            var wrong = (await chat.SendTextAsync($"activate {MeetingId} wrong-{i}")).SingleCard();
            Assert.Contains(English[nameof(Strings.Error_WrongMeetingIdOrPassword_What)], wrong.TextBlocks());
        }

        var sixth = (await chat.SendTextAsync($"activate {MeetingId} {HuaweiSimulatorOptions.DemoPassword}")).SingleCard();

        Assert.Contains(English[nameof(Strings.Error_LockedOut_What)], sixth.TextBlocks());
        Assert.Contains(sixth.TextBlocks(), t => t.Contains("You can try again in ", StringComparison.Ordinal));
        Assert.Equal(5, Host.Simulator.StartRequests);
    }

    [Fact]
    public async Task A_429_from_Huawei_gives_a_friendly_busy_message_and_the_next_attempt_is_held_without_a_call()
    {
        Host.Simulator.ForceNext(SimulatorEndpoint.StartConference, SimulatedAnswer.RateLimited(TimeSpan.FromSeconds(30), apigRateLimit: null));
        var chat = Host.Conversation(ActivityFixtures.TeamsPersonal);

        var throttled = (await chat.SendTextAsync($"activate {MeetingId} {HuaweiSimulatorOptions.DemoPassword}")).SingleCard();
        var held = (await Host.Conversation(ActivityFixtures.WebChat).SendTextAsync($"activate {MeetingId} {HuaweiSimulatorOptions.DemoPassword}")).SingleCard();

        Assert.Contains(English[nameof(Strings.Error_RateLimited_What)], throttled.TextBlocks());
        Assert.Contains(throttled.TextBlocks(), t => t.Contains(English.Format(nameof(Strings.RetryAfter), "30"), StringComparison.Ordinal));
        Assert.Contains(English[nameof(Strings.Error_RateLimited_What)], held.TextBlocks());
        Assert.Contains(held.TextBlocks(), t => t.Contains("You can try again in ", StringComparison.Ordinal));

        Assert.Equal(1, Host.Simulator.StartRequests);
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
