using MeetingBot.Meetings.Activation;
using MeetingBot.Meetings.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MeetingBot.Meetings.Tests;

public class OptionsValidationTests
{
    [Fact]
    public void Missing_credentials_are_named_by_their_configuration_keys()
    {
        var provider = Services.Registered(new Dictionary<string, string?>()).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<HuaweiMeetingOptions>>().Value);

        Assert.Contains("HuaweiMeeting:AppId", error.Message, StringComparison.Ordinal);
        Assert.Contains("HuaweiMeeting:AppKey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_apply_when_only_credentials_are_configured()
    {
        var provider = Services.Registered(new Dictionary<string, string?>
        {
            ["HuaweiMeeting:AppId"] = "app",
            ["HuaweiMeeting:AppKey"] = "key",
        }).BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<HuaweiMeetingOptions>>().Value;

        Assert.Equal(new Uri("https://api.meeting.huaweicloud.com"), options.BaseUrl);
        Assert.Equal(HuaweiUserIdSource.AadObjectIdThenChannelUserId, options.UserIdSource);
        Assert.True(options.ActivationTimeout < TimeSpan.FromSeconds(15));
        Assert.IsType<MeetingActivationService>(provider.GetRequiredService<IMeetingActivationService>());
        Assert.False(provider.GetRequiredService<IActivationEnvironment>().IsSandbox);
        Assert.True(provider.GetRequiredService<IActivationEnvironment>().IsReady);
    }

    [Theory]
    [InlineData("ActivationTimeout", "00:00:20", "HuaweiMeeting:ActivationTimeout")]
    [InlineData("RequestTimeout", "00:00:13", "HuaweiMeeting:RequestTimeout")]
    [InlineData("BaseUrl", "ftp://example.com", "HuaweiMeeting:BaseUrl")]
    [InlineData("TokenCacheSizeLimit", "0", "HuaweiMeeting:TokenCacheSizeLimit")]
    [InlineData("MaxRetries", "9", "HuaweiMeeting:MaxRetries")]
    [InlineData("SignatureLifetime", "00:00:01", "HuaweiMeeting:SignatureLifetime")]
    public void Unsafe_settings_are_refused_naming_the_key(string key, string value, string named)
    {
        var provider = Services.Registered(new Dictionary<string, string?>
        {
            ["HuaweiMeeting:AppId"] = "app",
            ["HuaweiMeeting:AppKey"] = "key",
            [$"HuaweiMeeting:{key}"] = value,
        }).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<HuaweiMeetingOptions>>().Value);

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.False(provider.GetRequiredService<IActivationEnvironment>().IsReady);
    }
}
