using System.Net;
using System.Text.Json;
using MeetingBot.Channels.BotFramework.DialogState;
using MeetingBot.Sandbox;
using MeetingBot.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace MeetingBot.Tests.Slack;

/// <summary>A Slack list longer than the bot shows: ten meetings, soonest first, then "more in Huawei Cloud Meeting".</summary>
public sealed class SlackLongMeetingListTests : IAsyncLifetime
{
    private readonly SlackHost _host = new();

    public async Task InitializeAsync()
    {
        await _host.InitializeAsync();
        // Nine more hosted meetings, later than the four seeded ones: thirteen in all.
        for (var hour = 4; hour <= 12; hour++)
        {
            _host.Huawei.Options.ScheduledMeetings.Add(new SimulatedScheduledMeeting(
                $"98603{hour + 1000}", $"Planning {hour}", TimeSpan.FromHours(hour), TimeSpan.FromMinutes(30), UserIsHost: true, InProgress: false,
                HuaweiSimulatorOptions.NewPassword(), HuaweiSimulatorOptions.NewPassword(), "100.94.23.60"));
        }
    }

    public Task DisposeAsync() => _host.DisposeAsync().AsTask();

    [Fact]
    public async Task Ten_meetings_are_listed_soonest_first_then_more_in_Huawei_Cloud_Meeting()
    {
        using var response = await _host.SendCommandAsync(_host.Form("/activate", ""));

        var reply = await SlackCommandEndpointTests.EphemeralReplyAsync(response);
        var blocks = reply.GetProperty("blocks").EnumerateArray().ToList();
        var sections = blocks.Where(b => b.GetProperty("type").GetString() == "section").Select(SlackRepliesTests.AllText).ToList();
        Assert.Equal(10, sections.Count);
        Assert.Contains("Daily stand-up", sections[0], StringComparison.Ordinal);
        Assert.Contains("Planning 9", sections[9], StringComparison.Ordinal);
        Assert.DoesNotContain(sections, s => s.Contains("Planning 10", StringComparison.Ordinal));
        var more = blocks[^1];
        Assert.Equal("context", more.GetProperty("type").GetString());
        Assert.Equal("More in Huawei Cloud Meeting.", Assert.Single(more.GetProperty("elements").EnumerateArray()).GetProperty("text").GetString());
        Assert.EndsWith("More in Huawei Cloud Meeting.", reply.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.InRange(blocks.Count, 1, 50);
        Assert.Equal(9, SlackClicks.Buttons(reply).Count);
    }
}

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
        await using var host = new SlackHost(withSigningSecret: true, services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(time)));
        await host.InitializeAsync();
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

/// <summary>
/// Two replicas sharing one redis-server, as deployed: a button used on one is used on the other, and after a list and
/// clicks nothing in Redis holds a meeting password, the signing secret or a response_url in clear.
/// </summary>
public sealed class SlackClicksAcrossReplicasTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private const string User = "U0REPLICA1";
    private readonly SlackHost _a = new();
    private readonly SlackHost _b = new();

    public async Task InitializeAsync()
    {
        await redis.FlushAsync();
        var certificate = TestCertificates.DataProtectionPfxBase64();
        foreach (var replica in new[] { _a, _b })
        {
            replica.WithSetting("Redis:ConnectionString", redis.ConnectionString).WithSetting("Redis:DataProtectionCertificate", certificate);
            await replica.InitializeAsync();
        }
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    [Fact]
    public async Task A_button_used_on_one_replica_is_used_on_the_other_and_Redis_holds_no_password()
    {
        var meetingId = HuaweiSimulatorOptions.HostedUpcomingMeetingId;
        using var list = await _a.SendCommandAsync(_a.Form("/activate", "", userId: User));
        var listed = await SlackCommandEndpointTests.EphemeralReplyAsync(list);
        var button = SlackClicks.Buttons(listed)[meetingId];
        var firstUrl = _a.SlackHooks.NewResponseUrl();
        var secondUrl = _b.SlackHooks.NewResponseUrl();

        using (var first = await _a.SendClickAsync(SlackClicks.Body(button, firstUrl, userId: User)))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        var activated = await _a.SlackHooks.NextPostToAsync(firstUrl, TimeSpan.FromSeconds(60));
        using (var second = await _b.SendClickAsync(SlackClicks.Body(button, secondUrl, userId: User)))
        {
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        }

        var refused = await _b.SlackHooks.NextPostToAsync(secondUrl, TimeSpan.FromSeconds(60));

        Assert.Contains("Meeting activated", activated.Body, StringComparison.Ordinal);
        Assert.Contains($"Meeting {meetingId} was already activated from this card.", refused.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(_b.Huawei.Requests, r => r.Endpoint == SimulatorEndpoint.StartConference && r.UserId == User);

        var dump = await RedisDump.AllAsync(redis.ConnectionString);
        var ledger = Assert.Single(dump, entry => entry.Key.StartsWith(RedisStorage.KeyPrefix, StringComparison.Ordinal) && entry.Key.Contains($"commands:{SlackHost.TeamId}:{User}", StringComparison.Ordinal));
        Assert.Contains($"{button.BlockId.Split('/')[0]}/{meetingId}", ledger.Value, StringComparison.Ordinal);
        string[] secrets =
        [
            .. new[] { _a, _b }.SelectMany(r => r.Huawei.Options.ScheduledMeetings).SelectMany(m => new[] { m.ChairPassword, m.GuestPassword }),
            SlackHost.SigningSecret, firstUrl.AbsolutePath, secondUrl.AbsolutePath,
        ];
        var everything = string.Join('\n', dump.Select(entry => entry.Key + "=" + entry.Value))
            + listed.GetRawText() + activated.Body + refused.Body + _a.AllLogText() + _b.AllLogText();
        Assert.All(secrets, secret => Assert.DoesNotContain(secret, everything, StringComparison.Ordinal));
    }
}
