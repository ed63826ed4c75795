using MeetingBot.Cards;
using MeetingBot.Sandbox;
using MeetingBot.Testing;
using MeetingBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
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

    private HostsOnCluster? _hosts;

    private IReadOnlyList<MeetingBotApplication> Replicas => _hosts!.Hosts;

    private HuaweiSimulator Huawei => _hosts!.Huawei;

    public async Task InitializeAsync()
    {
        await cluster.FlushAsync();
        _hosts = await HostsOnCluster.StartAsync(cluster.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        if (_hosts is not null)
        {
            await _hosts.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_activation_turn_with_a_cached_token_makes_three_Redis_round_trips()
    {
        var replica = Replicas[0];
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
            var onA = Replicas[0].Conversation(ActivityFixtures.WebChat);
            var onB = onA.Through(Replicas[1]);
            var form = (await onA.SendTextAsync("activate")).SingleCard();
            var startsBefore = Huawei.StartRequests;

            var clicks = await Task.WhenAll(
                onA.ClickAsync(form.Action(CardVerbs.Activate), FormInputs.Of(MeetingId, Password)),
                onB.ClickAsync(form.Action(CardVerbs.Activate), FormInputs.Of(MeetingId, Password)));

            Assert.Equal(1, Huawei.StartRequests - startsBefore);
            Assert.Single(clicks, replies => replies.SingleCard().TextBlocks().Contains(HuaweiSimulatorOptions.DemoRegionIp));
            Assert.Single(clicks, replies => replies.SingleCard().TextBlocks().Any(t => t.Contains("already used", StringComparison.Ordinal)));
        }
    }
}
