using MeetingBot.Meetings.Activation;
using MeetingBot.Meetings.Audit;
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
        Assert.IsType<AuditStage>(provider.GetRequiredService<IMeetingActivationService>());
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

    private static OptionsValidationException Refused(Dictionary<string, string?> settings)
    {
        var provider = Services.Registered(settings).BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<HuaweiMeetingOptions>>().Value);
        Assert.False(provider.GetRequiredService<IActivationEnvironment>().IsReady);
        return error;
    }

    private static Dictionary<string, string?> ServiceProvider(params (string Key, string? Value)[] entries)
    {
        var settings = new Dictionary<string, string?>
        {
            ["HuaweiMeeting:AppId"] = "sp-app",
            ["HuaweiMeeting:AppKey"] = "sp-key",
            ["HuaweiMeeting:Mode"] = "ServiceProvider",
        };
        foreach (var (key, value) in entries)
        {
            settings[$"HuaweiMeeting:Enterprises:{key}"] = value;
        }

        return settings;
    }

    [Fact]
    public void Service_provider_mode_binds_the_tenant_mapping_and_per_entry_credentials()
    {
        var provider = Services.Registered(ServiceProvider(
            ("0:Tenant", "tenant-a"), ("0:CorpId", "corp-a"),
            ("1:Tenant", "T0SLACK01"), ("1:AppId", "own-app"), ("1:AppKey", "own-key"))).BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<HuaweiMeetingOptions>>().Value;

        Assert.Equal(HuaweiMeetingMode.ServiceProvider, options.Mode);
        Assert.Equal(["tenant-a", "T0SLACK01"], options.Enterprises.Select(e => e.Tenant));
        Assert.Equal("corp-a", options.Enterprises[0].CorpId);
        Assert.Equal(("own-app", "own-key"), (options.Enterprises[1].AppId, options.Enterprises[1].AppKey));
        Assert.DoesNotContain("own-key", options.Enterprises[1].ToString(), StringComparison.Ordinal);
        Assert.Equal(HuaweiProfileSharing.Name, options.ShareProfile);
    }

    [Fact]
    public void Service_provider_mode_without_enterprises_is_refused_naming_the_key()
    {
        var error = Refused(ServiceProvider());

        Assert.Contains("HuaweiMeeting:Enterprises must map at least one tenant", error.Message, StringComparison.Ordinal);
        Assert.Contains("HuaweiMeeting__Enterprises__0__CorpId", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicate_tenant_is_refused_naming_both_entries()
    {
        var error = Refused(ServiceProvider(("0:Tenant", "tenant-a"), ("0:CorpId", "corp-a"), ("1:Tenant", " TENANT-A "), ("1:CorpId", "corp-b")));

        Assert.Contains("HuaweiMeeting:Enterprises:1:Tenant 'TENANT-A' is already mapped by HuaweiMeeting:Enterprises:0:Tenant", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "HuaweiMeeting:Enterprises:0:CorpId is missing")]
    [InlineData("   ", "HuaweiMeeting:Enterprises:0:CorpId is missing")]
    public void An_empty_corp_id_is_refused_naming_the_key(string corpId, string expected)
    {
        var error = Refused(ServiceProvider(("0:Tenant", "tenant-a"), ("0:CorpId", corpId)));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_tenant_is_refused_naming_the_key()
    {
        var error = Refused(ServiceProvider(("0:Tenant", ""), ("0:CorpId", "corp-a")));

        Assert.Contains("HuaweiMeeting:Enterprises:0:Tenant is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_entry_with_its_own_app_needs_both_credentials_and_no_corp_id()
    {
        var error = Refused(ServiceProvider(
            ("0:Tenant", "tenant-a"), ("0:AppId", "own-app"),
            ("1:Tenant", "tenant-b"), ("1:AppKey", "own-key"), ("1:CorpId", "corp-b")));

        Assert.Contains("HuaweiMeeting:Enterprises:0:AppKey is missing", error.Message, StringComparison.Ordinal);
        Assert.Contains("HuaweiMeeting__Enterprises__0__AppKey", error.Message, StringComparison.Ordinal);
        Assert.Contains("HuaweiMeeting:Enterprises:1:AppId is missing", error.Message, StringComparison.Ordinal);
        Assert.Contains("HuaweiMeeting:Enterprises:1:CorpId must be empty", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("own-key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Service_provider_mode_with_only_own_apps_needs_no_main_credentials()
    {
        var settings = ServiceProvider(("0:Tenant", "tenant-a"), ("0:AppId", "own-app"), ("0:AppKey", "own-key"));
        settings.Remove("HuaweiMeeting:AppId");
        settings.Remove("HuaweiMeeting:AppKey");

        var options = Services.Registered(settings).BuildServiceProvider().GetRequiredService<IOptions<HuaweiMeetingOptions>>().Value;

        Assert.Single(options.Enterprises);
    }

    [Fact]
    public void A_mapping_in_single_enterprise_mode_is_refused_rather_than_ignored()
    {
        var settings = ServiceProvider(("0:Tenant", "tenant-a"), ("0:CorpId", "corp-a"));
        settings["HuaweiMeeting:Mode"] = "SingleEnterprise";

        var error = Refused(settings);

        Assert.Contains("HuaweiMeeting:Enterprises is set but HuaweiMeeting:Mode is SingleEnterprise", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("00:00:06")]
    public void An_unbounded_email_lookup_is_refused(string timeout)
    {
        var error = Refused(new Dictionary<string, string?>
        {
            ["HuaweiMeeting:AppId"] = "app",
            ["HuaweiMeeting:AppKey"] = "key",
            ["HuaweiMeeting:EmailLookupTimeout"] = timeout,
        });

        Assert.Contains("HuaweiMeeting:EmailLookupTimeout", error.Message, StringComparison.Ordinal);
    }
}
