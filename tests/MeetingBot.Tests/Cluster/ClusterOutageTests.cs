using MeetingBot.Localization;
using MeetingBot.Sandbox;
using Xunit.Abstractions;

namespace MeetingBot.Tests.Cluster;

/// <summary>
/// Redis stopped and started under load, on a cluster of its own (<see cref="BotCluster"/> as a class fixture): whatever
/// an outage leaves behind cannot disturb the other cluster tests. In their collection, so the two clusters never run at
/// the same time.
/// </summary>
[Collection(ClusterDefinition.Name)]
public sealed class ClusterOutageTests(ClusterOutageTests.OwnCluster cluster, ITestOutputHelper output) : IClassFixture<ClusterOutageTests.OwnCluster>
{
    private static readonly BotText English = BotText.For("en");

    [Fact]
    public async Task Redis_stopped_under_load_gets_friendly_answers_then_full_service_within_5_s_of_its_return_and_no_replica_crashes()
    {
        var replicas = Enumerable.Range(0, BotCluster.Size).ToArray();
        var load = new ClusterLoad(cluster, "cluster-outage", replicas);
        load.Start(workers: 3);
        await load.WaitUntilAsync(() => replicas.All(r => load.SucceededOn(r) >= 1), TimeSpan.FromSeconds(60), "a success on every replica");

        await cluster.Server.StopAsync();
        var stoppedAt = DateTime.UtcNow;
        await load.WaitUntilAsync(() => replicas.All(r => load.Answers.Count(a => a.Answer.Replica == r && a.SentAt > stoppedAt) >= 2),
            TimeSpan.FromSeconds(30), "two answers from every replica while Redis is down");
        var readiness = await Task.WhenAll(replicas.Select(r => cluster.Client(r).GetAsync(new Uri("/health/ready", UriKind.Relative))));

        await cluster.Server.StartAsync();
        var backAt = DateTime.UtcNow;
        await load.WaitUntilAsync(() => replicas.All(r => load.Answers.Any(a => a.Answer.Replica == r && a.SentAt > backAt && a.Answer.Shows(HuaweiSimulatorOptions.DemoRegionIp))),
            TimeSpan.FromSeconds(30), "a success on every replica after Redis came back");
        var answers = await load.StopAsync();

        var duringOutage = answers.Where(a => a.SentAt > stoppedAt && a.SentAt + a.Answer.Took < backAt).ToList();
        output.WriteLine($"{answers.Count} answers, {duringOutage.Count} during the outage (slowest {duringOutage.Max(a => a.Answer.Took).TotalMilliseconds:0} ms)");
        Assert.All(readiness, ready => Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, ready.StatusCode));
        Assert.NotEmpty(duringOutage);
        Assert.All(duringOutage, a =>
        {
            Assert.True(a.Answer.Succeeded && a.Answer.Took < TimeSpan.FromSeconds(3), a.ToString());
            Assert.True(a.Answer.Shows(English[nameof(Strings.StateUnavailable)]), a.ToString());
        });
        Assert.All(answers, a => Assert.DoesNotContain("Exception", a.Answer.Body, StringComparison.Ordinal));
        foreach (var replica in replicas)
        {
            var firstBack = answers.Where(a => a.Answer.Replica == replica && a.SentAt > backAt && a.Answer.Shows(HuaweiSimulatorOptions.DemoRegionIp))
                .Min(a => a.SentAt + a.Answer.Took);
            Assert.True(firstBack - backAt < TimeSpan.FromSeconds(5), $"replica {replica} served again {(firstBack - backAt).TotalSeconds:0.0} s after Redis came back");
            Assert.False(cluster.Replica(replica).HasExited, cluster.Output);
        }
    }

    /// <summary>A second cluster, only for this class, on a single redis-server that the test stops and starts.</summary>
    public sealed class OwnCluster : BotCluster
    {
        public OwnCluster()
            : this(new RedisServer())
        {
        }

        private OwnCluster(RedisServer server)
            : base(server) => Server = server;

        public RedisServer Server { get; }
    }
}
