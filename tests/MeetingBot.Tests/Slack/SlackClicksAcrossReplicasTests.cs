using System.Net;
using MeetingBot.Channels.BotFramework.DialogState;
using MeetingBot.Sandbox;
using MeetingBot.Testing;

namespace MeetingBot.Tests.Slack;

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
