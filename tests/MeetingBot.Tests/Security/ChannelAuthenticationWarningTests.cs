using MeetingBot.Hosting;
using MeetingBot.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace MeetingBot.Tests.Security;

public class ChannelAuthenticationWarningTests
{
    [Theory]
    [InlineData("Production", "", true)]
    [InlineData("Staging", "", true)]
    [InlineData("Development", "", false)]
    [InlineData("Production", "00000000-0000-0000-0000-000000000001", false)]
    public async Task Warns_at_startup_when_channel_authentication_is_off_outside_development(string environment, string appId, bool warns)
    {
        using var logs = new FakeLoggerProvider();
        await using var app = MeetingBotApp.Build(
            [
                "--urls", "http://127.0.0.1:0", "--environment", environment, $"--MicrosoftAppId={appId}",
                // Outside Development the service layer needs Huawei credentials to start; these point nowhere.
                "--HuaweiMeeting:AppId=test-app", "--HuaweiMeeting:AppKey=test-key", "--HuaweiMeeting:BaseUrl=http://127.0.0.1:9",
            ],
            builder => builder.Logging.AddProvider(logs));

        await app.StartAsync();
        await app.StopAsync();

        var warnings = logs.Collector.GetSnapshot()
            .Where(r => r.Category == ChannelAuthenticationWarning.Category && r.Level == LogLevel.Warning)
            .ToList();
        Assert.Equal(warnings, warns ? [Assert.Single(warnings)] : []);
        if (warns)
        {
            Assert.StartsWith("SECURITY WARNING: MicrosoftAppId is empty", warnings[0].Message, StringComparison.Ordinal);
        }
    }
}
