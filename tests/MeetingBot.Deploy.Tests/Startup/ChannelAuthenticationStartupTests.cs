using MeetingBot.Deploy.Tests.Container;
using MeetingBot.Deploy.Tests.Support;

namespace MeetingBot.Deploy.Tests.Startup;

/// <summary>
/// Fail closed, proved on the real process: the built <c>MeetingBot.dll</c> started by <c>dotnet</c> in Production with
/// Huawei credentials but no <c>MicrosoftAppId</c>, or with the app's Azure identity configured (a user-assigned managed
/// identity, rightly or wrongly). Each process is stopped by the test that started it.
/// </summary>
public class ChannelAuthenticationStartupTests
{
    private static readonly string AppDll = RepositoryRoot.Combine("src", "MeetingBot", "bin", "Release", "net10.0", "MeetingBot.dll");

    [Fact]
    public async Task Production_without_an_app_id_exits_non_zero_naming_MicrosoftAppId()
    {
        var result = await ExternalProcess.RunAsync(
            ExternalProcess.DotnetHost, [AppDll], RepositoryRoot.Path, Environment(), TimeSpan.FromMinutes(2));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("MicrosoftAppId is empty in the Production environment", result.StandardOutput + result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening on", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_without_an_app_id_starts_when_unauthenticated_use_is_allowed_and_warns()
    {
        var environment = Environment();
        environment["Bot__AllowUnauthenticated"] = "true";
        await using var app = await RunningApp.StartAsync(["dotnet", AppDll], RepositoryRoot.Path, environment);
        using var http = new HttpClient { BaseAddress = app.Address, Timeout = TimeSpan.FromSeconds(30) };

        using var live = await http.GetAsync(new Uri("/health/live", UriKind.Relative));

        Assert.Equal(System.Net.HttpStatusCode.OK, live.StatusCode);
        Assert.Contains("SECURITY WARNING: MicrosoftAppId is empty", app.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_as_a_user_assigned_managed_identity_without_a_password_starts_with_no_warning()
    {
        await using var app = await RunningApp.StartAsync(["dotnet", AppDll], RepositoryRoot.Path, ManagedIdentity());
        using var http = new HttpClient { BaseAddress = app.Address, Timeout = TimeSpan.FromSeconds(30) };

        using var live = await http.GetAsync(new Uri("/health/live", UriKind.Relative));

        Assert.Equal(System.Net.HttpStatusCode.OK, live.StatusCode);
        Assert.DoesNotContain("SECURITY WARNING", app.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_with_a_password_for_a_managed_identity_exits_non_zero_naming_MicrosoftAppPassword()
    {
        var environment = ManagedIdentity();
        environment["MicrosoftAppPassword"] = "a-leftover-client-secret";

        var result = await ExternalProcess.RunAsync(
            ExternalProcess.DotnetHost, [AppDll], RepositoryRoot.Path, environment, TimeSpan.FromMinutes(2));

        var output = result.StandardOutput + result.StandardError;
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("MicrosoftAppPassword must be empty with MicrosoftAppType=UserAssignedMSI", output, StringComparison.Ordinal);
        Assert.DoesNotContain("a-leftover-client-secret", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening on", result.StandardOutput, StringComparison.Ordinal);
    }

    /// <summary>The settings of a bot running as a user-assigned managed identity: its client id and tenant, no password.</summary>
    private static Dictionary<string, string> ManagedIdentity()
    {
        var environment = Environment();
        environment["MicrosoftAppType"] = "UserAssignedMSI";
        environment["MicrosoftAppId"] = "3d9a1c5e-7b2f-4e8a-9c6d-0f1e2a3b4c5d";
        environment["MicrosoftAppTenantId"] = "6a1f0c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b";
        return environment;
    }

    private static Dictionary<string, string> Environment()
    {
        Assert.True(File.Exists(AppDll), $"{AppDll} is missing: build the solution in Release first");
        return new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["MicrosoftAppId"] = string.Empty,
            ["HuaweiMeeting__AppId"] = "not-a-real-app-id",
            ["HuaweiMeeting__AppKey"] = "not-a-real-app-key",
            // Nowhere: nothing here calls Huawei.
            ["HuaweiMeeting__BaseUrl"] = "http://127.0.0.1:9",
        };
    }
}
