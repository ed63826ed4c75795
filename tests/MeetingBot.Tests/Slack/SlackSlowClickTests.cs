using System.Net;
using System.Text.Json;
using MeetingBot.Sandbox;
using MeetingBot.Testing;
using Microsoft.Extensions.Time.Testing;

namespace MeetingBot.Tests.Slack;

/// <summary>
/// A click whose activation outlasts the reply budget, on a host whose clock is a <see cref="FakeTimeProvider"/> (the
/// budget, the simulator's late answer and the signature check read it): "activating…" goes to response_url first, then
/// the outcome, through the late-outcome records.
/// </summary>
public sealed class SlackSlowClickTests
{
    [Fact]
    public async Task A_slow_click_posts_activating_then_the_outcome_to_its_response_url()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await SlackHost.StartOnClockAsync(time);
        var meeting = host.Huawei.Options.ScheduledMeetings.Single(m => m.ConferenceId == HuaweiSimulatorOptions.HostedUpcomingMeetingId);
        using var list = await host.SendCommandAsync(host.Form("/activate", ""), signedAt: time.GetUtcNow());
        var button = SlackClicks.Buttons(await SlackCommandEndpointTests.EphemeralReplyAsync(list))[meeting.ConferenceId];
        var responseUrl = host.SlackHooks.NewResponseUrl();
        host.Huawei.ForceNext(SimulatorEndpoint.StartConference, SimulatedAnswer.Delayed(TimeSpan.FromSeconds(5)));

        using var click = await host.SendClickAsync(SlackClicks.Body(button, responseUrl), signedAt: time.GetUtcNow());

        // Acknowledged before Huawei answered: the clock has not moved.
        Assert.Equal(HttpStatusCode.OK, click.StatusCode);
        await Poll.UntilAsync(() => host.Huawei.StartRequests == 1, TimeSpan.FromSeconds(60), "the start request reaching the simulator");
        await time.AdvanceUntilAsync(() => host.Logs.GetSnapshot().Any(r => r.Message.Contains("outlasted", StringComparison.Ordinal)), "the reply budget running out");
        var activating = await host.SlackHooks.NextPostToAsync(responseUrl, TimeSpan.FromSeconds(60));
        Assert.StartsWith($"Activating meeting {meeting.ConferenceId}", JsonDocument.Parse(activating.Body).RootElement.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(host.Huawei.Requests, r => r.Endpoint == SimulatorEndpoint.StartConference);

        await time.AdvanceUntilAsync(() => host.Huawei.Requests.Any(r => r.Endpoint == SimulatorEndpoint.StartConference), "the simulator's late answer");
        var outcome = JsonDocument.Parse((await host.SlackHooks.NextPostToAsync(responseUrl, TimeSpan.FromSeconds(60))).Body).RootElement;
        Assert.Contains($"`{meeting.RegionIp}`", SlackRepliesTests.AllText(outcome), StringComparison.Ordinal);
        Assert.False(outcome.GetProperty("replace_original").GetBoolean());
        Assert.Equal(200, Assert.Single(host.Huawei.Requests, r => r.Endpoint == SimulatorEndpoint.StartConference).StatusCode);
        Assert.DoesNotContain(responseUrl.AbsolutePath, host.AllLogText(), StringComparison.Ordinal);
    }
}
