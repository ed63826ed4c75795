using MeetingBot.Deploy.Tests.Container;
using MeetingBot.Deploy.Tests.Support;

namespace MeetingBot.Deploy.Tests.Startup;

/// <summary>
/// Fail closed, proved on the real process: the built <c>MeetingBot.dll</c> started by <c>dotnet</c> in Production with
/// Huawei credentials but no <c>MicrosoftAppId</c>. Each process is stopped by the test that started it.
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
