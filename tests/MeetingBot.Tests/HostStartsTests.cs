using System.Net;
using MeetingBot.Meetings;
using MeetingBot.Meetings.Activation;
using MeetingBot.Sandbox;
using MeetingBot.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MeetingBot.Tests;

public class HostStartsTests
{
    private static readonly ChatUser Someone = new("emulator", null, "user-1");

    private static Task<ActivationResult> ActivateDemoMeetingAsync(MeetingBotApplication app) =>
        app.Services.GetRequiredService<IMeetingActivationService>()
            .ActivateAsync(Someone, HuaweiSimulatorOptions.DemoMeetingId, HuaweiSimulatorOptions.DemoPassword, CancellationToken.None);

    private static Task<HttpResponseMessage> GetAsync(MeetingBotApplication app, string path) =>
        app.Http.GetAsync(new Uri(path, UriKind.Relative));

    [Fact]
    public async Task Host_starts_on_loopback_and_answers_liveness()
    {
        // Real Kestrel: this test is about the process listening on a loopback socket.
        await using var app = new MeetingBotApplication().OnKestrel();
        await app.StartAsync();

        var response = await GetAsync(app, "/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(IPAddress.IsLoopback(IPAddress.Parse(app.BaseAddress.Host)), app.BaseAddress.ToString());
        Assert.NotEqual(0, app.BaseAddress.Port);
    }

    [Fact]
    public async Task Development_without_credentials_serves_the_sandbox_end_to_end()
    {
        await using var app = await MeetingBotApplication.StartAsync();

        var ready = await GetAsync(app, "/health/ready");
        var result = await ActivateDemoMeetingAsync(app);

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.True(app.Services.GetRequiredService<IActivationEnvironment>().IsSandbox);
        Assert.Equal(HuaweiSimulatorOptions.DemoRegionIp, result.RegionIp);
        Assert.Equal(1, app.Simulator.AuthRequests);
    }

    [Fact]
    public async Task Sandbox_SlowMeetingDelay_sets_how_long_the_simulators_slow_meeting_takes()
    {
        await using var app = await MeetingBotApplication.StartAsync(new Dictionary<string, string> { ["Sandbox:SlowMeetingDelay"] = "00:00:01.500" });

        Assert.Equal(TimeSpan.FromSeconds(1.5), app.Simulator.Options.SlowMeetingDelay);
    }

    [Fact]
    public async Task A_negative_Sandbox_SlowMeetingDelay_stops_startup_naming_the_setting()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var app = await MeetingBotApplication.StartAsync(new Dictionary<string, string> { ["Sandbox:SlowMeetingDelay"] = "-00:00:01" });
        });

        Assert.Contains("SlowMeetingDelay", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readiness_fails_while_the_sandbox_is_not_running()
    {
        await using var app = await MeetingBotApplication.StartAsync();

        await app.Simulator.StopAsync();
        var ready = await GetAsync(app, "/health/ready");
        var live = await GetAsync(app, "/health/live");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Fact]
    public async Task Outside_development_missing_credentials_stop_startup_naming_the_keys()
    {
        await using var app = new MeetingBotApplication().InEnvironment(Environments.Production).WithSetting("Bot:AllowUnauthenticated", "true");

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(app.StartAsync);

        Assert.Contains("HuaweiMeeting:AppId", failure.Message, StringComparison.Ordinal);
        Assert.Contains("HuaweiMeeting:AppKey", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(app.Registrations, registration => registration.ServiceType == typeof(HuaweiSimulator));
    }

    [Fact]
    public async Task Half_configured_credentials_are_refused_even_in_development()
    {
        await using var app = new MeetingBotApplication().WithSetting("HuaweiMeeting:AppId", "my-app");

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(app.StartAsync);

        Assert.Contains("HuaweiMeeting:AppKey", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("HuaweiMeeting:AppId", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Configured_credentials_use_the_configured_huawei_and_no_sandbox()
    {
        await using var huawei = new HuaweiSimulator();
        await huawei.StartAsync();
        await using var app = new MeetingBotApplication()
            .InEnvironment(Environments.Production)
            .WithSetting("Bot:AllowUnauthenticated", "true")
            .WithSetting("HuaweiMeeting:BaseUrl", huawei.BaseUrl.ToString())
            .WithSetting("HuaweiMeeting:AppId", huawei.Options.AppId)
            .WithSetting("HuaweiMeeting:AppKey", huawei.Options.AppKey);
        await app.StartAsync();

        var ready = await GetAsync(app, "/health/ready");
        var result = await ActivateDemoMeetingAsync(app);

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.False(app.Services.GetRequiredService<IActivationEnvironment>().IsSandbox);
        Assert.Null(app.Services.GetService<HuaweiSimulator>());
        Assert.True(result.IsActivated);
        Assert.Equal(1, huawei.StartRequests);
    }
}
