using MeetingBot.Testing;
using Xunit.Abstractions;

namespace MeetingBot.Tests.State.Cluster;

/// <summary>
/// Hash slots move between masters (<c>redis-cli --cluster reshard</c>, then <c>rebalance</c>) while two hosts answer
/// whole activation turns without pause: keys migrate under the bot's feet (MOVED and ASK redirections), and no turn
/// may notice. A cluster of its own: moving slots must not disturb the other cluster tests.
/// </summary>
public sealed class ReshardingTests(ITestOutputHelper output)
{
    private const int SlotsMoved = 1500;
    private const int TurnsBetweenMoves = 20;

    [Fact]
    public async Task Turns_go_on_without_a_failure_while_slots_move_between_masters_and_back()
    {
        var cluster = new RedisCluster();
        await cluster.InitializeAsync();
        try
        {
            await using var hosts = await HostsOnCluster.StartAsync(cluster.ConnectionString);
            var load = new FormLoad(hosts.Hosts);
            load.Start(workers: 3);

            await load.AnsweredAsync(TurnsBetweenMoves, "forms answered before the reshard");
            var reshardStarted = load.Now;
            await cluster.ReshardAsync(from: 0, to: 1, SlotsMoved);
            var slotsAfterReshard = await cluster.SlotsPerMasterAsync();
            var reshardEnded = load.Now;
            await load.AnsweredAsync(TurnsBetweenMoves, "forms answered after the reshard");
            await cluster.RebalanceAsync();
            var rebalanceEnded = load.Now;
            await load.AnsweredAsync(TurnsBetweenMoves, "forms answered after the rebalance");
            var rounds = await load.StopAsync();

            var report = string.Join("\n", rounds.Where(round => round.Submit != FormOutcome.Activated || round.Resubmit != FormOutcome.AlreadyUsed));
            output.WriteLine($"{rounds.Count} forms; reshard of {SlotsMoved} slots {reshardStarted.TotalSeconds:F1}-{reshardEnded.TotalSeconds:F1} s, " +
                $"rebalance until {rebalanceEnded.TotalSeconds:F1} s; slots per master after the reshard: {string.Join("/", slotsAfterReshard)}, " +
                $"after the rebalance: {string.Join("/", await cluster.SlotsPerMasterAsync())}");
            Assert.True(report.Length == 0, "Rounds that did not activate once and say 'already used' the second time:\n" + report);
            Assert.Equal(rounds.Count, hosts.Huawei.StartRequests);
            Assert.True(rounds.Count(round => round.SentAt > reshardStarted && round.AnsweredAt < rebalanceEnded) >= 10,
                $"Too few turns while slots moved: {rounds.Count}");
            Assert.Equal(5461 - SlotsMoved, slotsAfterReshard[0]);
            Assert.All(await cluster.KeysPerMasterAsync(), keys => Assert.True(keys > 0, "a master holds no state after the moves"));
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }
}
