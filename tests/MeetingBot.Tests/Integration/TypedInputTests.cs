using MeetingBot.Cards;
using MeetingBot.Meetings.Activation;
using MeetingBot.Sandbox;
using MeetingBot.Testing;
using MeetingBot.Tests.Infrastructure;

namespace MeetingBot.Tests.Integration;

/// <summary>
/// Input is checked once, where it is typed (<see cref="MeetingCredentials"/>): what breaks a rule reopens the form and
/// reaches neither the protection (so it never counts as a guess) nor Huawei, nor any log line.
/// </summary>
public class TypedInputTests(SharedBot fixture) : IClassFixture<SharedBot>
{
    [Fact]
    public async Task Input_that_breaks_a_rule_reopens_the_form_and_reaches_neither_the_protection_nor_Huawei()
    {
        var chat = fixture.Conversation(ActivityFixtures.Emulator);
        var form = (await chat.SendTextAsync("activate")).SingleCard();

        for (var i = 0; i < 20; i++)
        {
            form = (await chat.ClickAsync(form.Action(CardVerbs.Activate), FormInputs.Of("98603066x", "123456"))).SingleCard();
            Assert.Contains(form.TextBlocks(), text => text.Contains("digits", StringComparison.OrdinalIgnoreCase));
        }

        Assert.DoesNotContain(fixture.Simulator.Requests, request => request.UserId == chat.UserId);
        var activated = (await chat.SendTextAsync($"activate {HuaweiSimulatorOptions.DemoMeetingId} {HuaweiSimulatorOptions.DemoPassword}")).SingleCard();
        Assert.Contains(HuaweiSimulatorOptions.DemoRegionIp, activated.TextBlocks());
    }

    [Fact]
    public async Task A_password_pasted_into_the_meeting_id_is_never_logged()
    {
        const string pasted = "hunter2-secret";
        var chat = fixture.Conversation(ActivityFixtures.Emulator);

        var form = (await chat.SendTextAsync("activate")).SingleCard();
        var retry = (await chat.ClickAsync(form.Action(CardVerbs.Activate), FormInputs.Of(pasted, "S3cret-Pa55"))).SingleCard();

        Assert.Contains(retry.TextBlocks(), text => text.Contains("digits", StringComparison.OrdinalIgnoreCase));
        Assert.All(fixture.Logs.GetSnapshot(), record =>
        {
            Assert.DoesNotContain(pasted, record.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("S3cret-Pa55", record.Message, StringComparison.Ordinal);
            Assert.All(record.StructuredState ?? [], pair => Assert.DoesNotContain(pasted, pair.Value ?? string.Empty, StringComparison.Ordinal));
        });
    }
}
