using MeetingBot.Cards;
using MeetingBot.Sandbox;
using MeetingBot.Testing;
using MeetingBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace MeetingBot.Tests.State.Cluster;

/// <summary>
/// Two real hosts of the app sharing a Redis Cluster of three masters and one Huawei simulator, as replicas deployed on
/// Azure Managed Redis would: whole turns work, a form clicked on both starts one meeting, and a turn costs as many Redis
/// round trips as on a single server.
/// </summary>
[Collection(OnRedisCluster.Name)]
public sealed class TurnsOnClusterTests(RedisCluster cluster) : IAsyncLifetime
{
    private const string MeetingId = HuaweiSimulatorOptions.DemoMeetingId;
    private const string Password = HuaweiSimulatorOptions.DemoPassword;

    private readonly HuaweiSimulator _huawei = new();
    private readonly List<MeetingBotApplication> _replicas = [];

    public async Task InitializeAsync()
    {
        await cluster.FlushAsync();
        await _huawei.StartAsync();
        var certificate = TestCertificates.DataProtectionPfxBase64();
        for (var i = 0; i < 2; i++)
        {
            var replica = new MeetingBotApplication()
                .InEnvironment(Environments.Production)
                .WithSetting("Bot:AllowUnauthenticated", "true")
                // The longest invoke budget the bot allows: a loaded machine must not turn a quick activation into the slow path.
                .WithSetting("Bot:InvokeReplyBudget", "00:00:10")
                .WithSetting("HuaweiMeeting:BaseUrl", _huawei.BaseUrl.ToString())
                .WithSetting("HuaweiMeeting:AppId", _huawei.Options.AppId)
                .WithSetting("HuaweiMeeting:AppKey", _huawei.Options.AppKey)
                .WithSetting("Redis:ConnectionString", cluster.ConnectionString)
                .WithSetting("Redis:DataProtectionCertificate", certificate);
            _replicas.Add(replica);
            await replica.StartAsync();
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var replica in _replicas)
        {
            await replica.DisposeAsync();
        }

        await _huawei.DisposeAsync();
    }

    [Fact]
    public async Task An_activation_turn_with_a_cached_token_makes_three_Redis_round_trips()
    {
        var replica = _replicas[0];
        var chat = replica.Conversation(ActivityFixtures.WebChat);
        await chat.SendTextAsync($"activate {MeetingId} {Password}");
        var commands = new StackExchange.Redis.Profiling.ProfilingSession();
        replica.Services.GetRequiredService<IConnectionMultiplexer>().RegisterProfiler(() => commands);

        var replies = await chat.SendTextAsync($"activate {MeetingId} {Password}");

        Assert.Contains(HuaweiSimulatorOptions.DemoRegionIp, replies.SingleCard().TextBlocks());
        var sent = commands.FinishProfiling().Select(command => command.Command).ToList();
        Assert.True(sent.Count == 3, $"Redis commands of the turn: {string.Join(", ", sent)}");
        Assert.Equal("HMGET", sent[0]);
    }

    [Fact]
    public async Task Forms_clicked_on_both_replicas_at_once_start_one_meeting_each()
    {
        for (var i = 0; i < 5; i++)
        {
            var onA = _replicas[0].Conversation(ActivityFixtures.WebChat);
            var onB = onA.Through(_replicas[1]);
            var form = (await onA.SendTextAsync("activate")).SingleCard();
            var startsBefore = _huawei.StartRequests;

            var clicks = await Task.WhenAll(
                onA.ClickAsync(form.Action(CardVerbs.Activate), FormInputs.Of(MeetingId, Password)),
                onB.ClickAsync(form.Action(CardVerbs.Activate), FormInputs.Of(MeetingId, Password)));

            Assert.Equal(1, _huawei.StartRequests - startsBefore);
            Assert.Single(clicks, replies => replies.SingleCard().TextBlocks().Contains(HuaweiSimulatorOptions.DemoRegionIp));
            Assert.Single(clicks, replies => replies.SingleCard().TextBlocks().Any(t => t.Contains("already used", StringComparison.Ordinal)));
        }
    }
}
