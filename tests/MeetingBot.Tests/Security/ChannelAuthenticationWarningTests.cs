using MeetingBot.Security;
using MeetingBot.Testing;
using Microsoft.Extensions.Logging;

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
        await using var app = new MeetingBotApplication()
            .InEnvironment(environment)
            .WithSetting("MicrosoftAppId", appId)
            // Outside Development the service layer needs Huawei credentials to start; these point nowhere.
            .WithSetting("HuaweiMeeting:AppId", "test-app")
            .WithSetting("HuaweiMeeting:AppKey", "test-key")
            .WithSetting("HuaweiMeeting:BaseUrl", "http://127.0.0.1:9");

        await app.StartAsync();

        var warnings = app.Logs.GetSnapshot()
            .Where(r => r.Category == ChannelAuthenticationWarning.Category && r.Level == LogLevel.Warning)
            .ToList();
        Assert.Equal(warnings, warns ? [Assert.Single(warnings)] : []);
        if (warns)
        {
            Assert.StartsWith("SECURITY WARNING: MicrosoftAppId is empty", warnings[0].Message, StringComparison.Ordinal);
        }
    }
}
