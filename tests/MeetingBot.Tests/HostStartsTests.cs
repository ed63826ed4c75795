using System.Net;
using MeetingBot.Bot;
using MeetingBot.Hosting;
using MeetingBot.Meetings;
using MeetingBot.Meetings.Activation;
using MeetingBot.Sandbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MeetingBot.Tests;

public class HostStartsTests
{
    private static readonly ChatUser Someone = new("emulator", null, "user-1");

    private static Task<ActivationResult> ActivateDemoMeetingAsync(WebApplication app) =>
        app.Services.GetRequiredService<IMeetingActivationService>()
            .ActivateAsync(Someone, HuaweiSimulatorOptions.DemoMeetingId, HuaweiSimulatorOptions.DemoPassword, CancellationToken.None);

    private static async Task<HttpResponseMessage> GetAsync(WebApplication app, string path)
    {
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        return await http.GetAsync(new Uri(path, UriKind.Relative));
    }

    [Fact]
    public async Task Host_starts_on_loopback_and_answers_liveness()
    {
        await using var app = MeetingBotApp.Build(["--urls", "http://127.0.0.1:0", "--environment", "Development"]);
        await app.StartAsync();

        var response = await GetAsync(app, "/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await app.StopAsync();
    }

    [Fact]
    public async Task Development_without_credentials_serves_the_sandbox_end_to_end()
    {
        await using var app = MeetingBotApp.Build(["--urls", "http://127.0.0.1:0", "--environment", "Development"]);
        await app.StartAsync();

        var ready = await GetAsync(app, "/health/ready");
        var result = await ActivateDemoMeetingAsync(app);

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.True(app.Services.GetRequiredService<IActivationEnvironment>().IsSandbox);
        Assert.Equal(HuaweiSimulatorOptions.DemoRegionIp, result.RegionIp);
        Assert.Equal(1, app.Services.GetRequiredService<HuaweiSimulator>().AuthRequests);
        await app.StopAsync();
    }

    [Fact]
    public async Task Readiness_fails_while_the_sandbox_is_not_running()
    {
        await using var app = MeetingBotApp.Build(["--urls", "http://127.0.0.1:0", "--environment", "Development"]);
        await app.StartAsync();

        await app.Services.GetRequiredService<HuaweiSimulator>().StopAsync();
        var ready = await GetAsync(app, "/health/ready");
        var live = await GetAsync(app, "/health/live");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        await app.StopAsync();
    }

    [Fact]
    public async Task Outside_development_missing_credentials_stop_startup_naming_the_keys()
    {
        await using var app = MeetingBotApp.Build(
            ["--urls", "http://127.0.0.1:0", "--environment", "Production", "--Bot:AllowUnauthenticated", "true"]);

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("HuaweiMeeting:AppId", failure.Message, StringComparison.Ordinal);
        Assert.Contains("HuaweiMeeting:AppKey", failure.Message, StringComparison.Ordinal);
        Assert.Null(app.Services.GetService<HuaweiSimulator>());
    }

    [Fact]
    public async Task Half_configured_credentials_are_refused_even_in_development()
    {
        await using var app = MeetingBotApp.Build(
            ["--urls", "http://127.0.0.1:0", "--environment", "Development", "--HuaweiMeeting:AppId", "my-app"]);

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("HuaweiMeeting:AppKey", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("HuaweiMeeting:AppId", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Configured_credentials_use_the_configured_huawei_and_no_sandbox()
    {
        await using var huawei = new HuaweiSimulator();
        await huawei.StartAsync();
        await using var app = MeetingBotApp.Build(
        [
            "--urls", "http://127.0.0.1:0", "--environment", "Production", "--Bot:AllowUnauthenticated", "true",
            "--HuaweiMeeting:BaseUrl", huawei.BaseUrl.ToString(),
            "--HuaweiMeeting:AppId", huawei.Options.AppId,
            "--HuaweiMeeting:AppKey", huawei.Options.AppKey,
        ]);
        await app.StartAsync();

        var ready = await GetAsync(app, "/health/ready");
        var result = await ActivateDemoMeetingAsync(app);

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.False(app.Services.GetRequiredService<IActivationEnvironment>().IsSandbox);
        Assert.Null(app.Services.GetService<HuaweiSimulator>());
        Assert.True(result.IsActivated);
        Assert.Equal(1, huawei.StartRequests);
        await app.StopAsync();
    }
}
