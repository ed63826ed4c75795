using MeetingBot.Testing;
using MeetingBot.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace MeetingBot.Tests.Integration;

public class BotConfigurationTests
{
    [Fact]
    public async Task An_invoke_budget_beyond_the_Teams_deadline_stops_startup_naming_the_setting()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            MeetingBotApplication.StartAsync(new Dictionary<string, string> { ["Bot:InvokeReplyBudget"] = "00:01:00" }));

        Assert.Contains("InvokeReplyBudget", failure.Message, StringComparison.Ordinal);
    }
}
