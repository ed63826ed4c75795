using MeetingBot.Testing;
using MeetingBot.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace MeetingBot.Tests.Security;

public class SecurityConfigurationTests
{
    [Theory]
    [InlineData("Bot:MaxRequestBytes", "10")]
    [InlineData("Protection:MaxFailedAttempts", "0")]
    [InlineData("Protection:AttemptsPerMinute", "-1")]
    public async Task A_setting_out_of_range_stops_startup_naming_it(string key, string value)
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            MeetingBotApplication.StartAsync(new Dictionary<string, string> { [key] = value }));

        Assert.Contains(key.Split(':')[1], failure.Message, StringComparison.Ordinal);
    }
}
