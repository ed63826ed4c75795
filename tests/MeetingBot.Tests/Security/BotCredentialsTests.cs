using MeetingBot.Testing;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MeetingBot.Tests.Security;

/// <summary>
/// The <c>MicrosoftApp*</c> settings are checked at startup, in every environment: a combination the Bot Framework SDK
/// cannot use stops the app naming the key, instead of an app that starts and then fails every request.
/// </summary>
public class BotCredentialsTests
{
    private const string AppId = "4b0f6b4e-7f55-4a39-9d0e-2f6d1c3a5b71";
    private const string TenantId = "6a1f0c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b";

    [Theory]
    [InlineData("UserAssignedMSI", AppId, TenantId, "a-secret", "MicrosoftAppPassword must be empty with MicrosoftAppType=UserAssignedMSI")]
    [InlineData("UserAssignedMSI", AppId, "", "", "MicrosoftAppTenantId (the managed identity's tenant) is required with MicrosoftAppType=UserAssignedMSI")]
    [InlineData("UserAssignedMSI", "", TenantId, "", "MicrosoftAppId (the managed identity's client id) is required with MicrosoftAppType=UserAssignedMSI")]
    [InlineData("SingleTenant", AppId, "", "a-secret", "MicrosoftAppTenantId (the tenant of the app registration) is required with MicrosoftAppType=SingleTenant")]
    [InlineData("SingleTenant", AppId, TenantId, "", "MicrosoftAppPassword (a client secret of the app registration) is required with MicrosoftAppType=SingleTenant")]
    [InlineData("ManagedIdentity", AppId, TenantId, "", "MicrosoftAppType is 'ManagedIdentity', which is none of MultiTenant, SingleTenant, UserAssignedMSI")]
    public async Task A_combination_the_SDK_cannot_use_stops_startup_naming_the_key(string appType, string appId, string tenantId, string password, string message)
    {
        await using var app = App("Development", appType, appId, tenantId, password);

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(app.StartAsync);

        Assert.Contains(message, failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("a-secret", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("UserAssignedMSI", AppId, TenantId, "")]
    [InlineData("userassignedmsi", AppId, TenantId, "")]
    [InlineData("SingleTenant", AppId, TenantId, "a-secret")]
    [InlineData("MultiTenant", AppId, "", "a-secret")]
    [InlineData("", AppId, "", "a-secret")]
    public async Task A_usable_combination_starts_in_production_and_the_SDK_accepts_it(string appType, string appId, string tenantId, string password)
    {
        await using var app = App("Production", appType, appId, tenantId, password);

        await app.StartAsync();

        using var live = await app.Http.GetAsync(new Uri("/health/live", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.OK, live.StatusCode);
        // Built on first use: the SDK reads the settings then, and throws for a combination it cannot use.
        Assert.NotNull(app.Services.GetRequiredService<BotFrameworkAuthentication>());
    }

    private static MeetingBotApplication App(string environment, string appType, string appId, string tenantId, string password) =>
        new MeetingBotApplication()
            .InEnvironment(environment)
            .WithSetting("MicrosoftAppType", appType)
            .WithSetting("MicrosoftAppId", appId)
            .WithSetting("MicrosoftAppTenantId", tenantId)
            .WithSetting("MicrosoftAppPassword", password)
            // Outside Development the service layer needs Huawei credentials to start; these point nowhere.
            .WithSetting("HuaweiMeeting:AppId", "test-app")
            .WithSetting("HuaweiMeeting:AppKey", "test-key")
            .WithSetting("HuaweiMeeting:BaseUrl", "http://127.0.0.1:9");
}
