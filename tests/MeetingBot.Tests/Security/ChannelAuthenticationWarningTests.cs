using MeetingBot.Hosting;
using MeetingBot.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace MeetingBot.Tests.Security;

public class ChannelAuthenticationWarningTests
{
    // Outside Development the service layer needs Huawei credentials to start; these point nowhere.
    private static readonly string[] HuaweiSettings =
        ["--HuaweiMeeting:AppId=test-app", "--HuaweiMeeting:AppKey=test-key", "--HuaweiMeeting:BaseUrl=http://127.0.0.1:9"];

    [Theory]
    [InlineData("Production", "", "true", true)]
    [InlineData("Staging", "", "true", true)]
    [InlineData("Development", "", "", false)]
    [InlineData("Development", "", "true", false)]
    [InlineData("Production", "00000000-0000-0000-0000-000000000001", "", false)]
    public async Task Warns_at_startup_when_channel_authentication_is_off_outside_development(
        string environment, string appId, string allowUnauthenticated, bool warns)
    {
        using var logs = new FakeLoggerProvider();
        await using var app = MeetingBotApp.Build(
            [
                "--urls", "http://127.0.0.1:0", "--environment", environment, $"--MicrosoftAppId={appId}",
                .. AllowUnauthenticated(allowUnauthenticated), .. HuaweiSettings,
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

    [Theory]
    [InlineData("Production", "")]
    [InlineData("Staging", "false")]
    public async Task Outside_development_an_empty_app_id_stops_startup_naming_the_key(string environment, string allowUnauthenticated)
    {
        await using var app = MeetingBotApp.Build(
        [
            "--urls", "http://127.0.0.1:0", "--environment", environment, "--MicrosoftAppId=",
            .. AllowUnauthenticated(allowUnauthenticated), .. HuaweiSettings,
        ]);

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("MicrosoftAppId is empty", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Bot:AllowUnauthenticated=true", failure.Message, StringComparison.Ordinal);
    }

    /// <summary>The setting as given, or nothing at all for "".</summary>
    private static string[] AllowUnauthenticated(string value) => value.Length == 0 ? [] : [$"--Bot:AllowUnauthenticated={value}"];
}
