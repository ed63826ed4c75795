using MeetingBot.Channels.BotFramework.Authentication;
using MeetingBot.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MeetingBot.Tests.Security;

public class ChannelAuthenticationWarningTests
{
    [Theory]
    [InlineData("Production", "", "true", true)]
    [InlineData("Staging", "", "true", true)]
    [InlineData("Development", "", "", false)]
    [InlineData("Development", "", "true", false)]
    [InlineData("Production", "00000000-0000-0000-0000-000000000001", "", false)]
    public async Task Warns_at_startup_when_channel_authentication_is_off_outside_development(
        string environment, string appId, string allowUnauthenticated, bool warns)
    {
        await using var app = App(environment, appId, allowUnauthenticated);

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

    [Theory]
    [InlineData("Production", "")]
    [InlineData("Staging", "false")]
    public async Task Outside_development_an_empty_app_id_stops_startup_naming_the_key(string environment, string allowUnauthenticated)
    {
        await using var app = App(environment, appId: "", allowUnauthenticated);

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(app.StartAsync);

        Assert.Contains("MicrosoftAppId is empty", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Bot:AllowUnauthenticated=true", failure.Message, StringComparison.Ordinal);
    }

    /// <param name="allowUnauthenticated"><c>Bot:AllowUnauthenticated</c> as given, or not set at all for "".</param>
    private static MeetingBotApplication App(string environment, string appId, string allowUnauthenticated)
    {
        var app = new MeetingBotApplication()
            .InEnvironment(environment)
            .WithSetting("MicrosoftAppId", appId)
            // Outside Development the service layer needs Huawei credentials to start; these point nowhere.
            .WithSetting("HuaweiMeeting:AppId", "test-app")
            .WithSetting("HuaweiMeeting:AppKey", "test-key")
            .WithSetting("HuaweiMeeting:BaseUrl", "http://127.0.0.1:9");
        return allowUnauthenticated.Length == 0 ? app : app.WithSetting("Bot:AllowUnauthenticated", allowUnauthenticated);
    }
}
