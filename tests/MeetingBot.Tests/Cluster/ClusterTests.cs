using System.Diagnostics;
using MeetingBot.Cards;
using MeetingBot.Localization;
using MeetingBot.Sandbox;
using MeetingBot.Tests.Infrastructure;
using MeetingBot.Tests.State;
using Xunit.Abstractions;

namespace MeetingBot.Tests.Cluster;

/// <summary>
/// Issue 11's "Done when", through three real replicas of the bot sharing Redis and one stub Huawei server
/// (<see cref="BotCluster"/>): on one redis-server (<see cref="ClusterTests"/>) and on a Redis Cluster of three masters
/// (<see cref="ClusterOnRedisClusterTests"/>). Each test uses users of its own, so the tests do not depend on their order;
/// a test that kills a replica leaves the next one a whole cluster (<see cref="BotCluster.EnsureAllRunningAsync"/>).
/// </summary>
public abstract class ThreeReplicaTests(BotCluster cluster, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly string Demo = HuaweiSimulatorOptions.DemoMeetingId;
    protected static readonly string DemoPassword = HuaweiSimulatorOptions.DemoPassword;
    private static readonly BotText English = BotText.For("en");

    public Task InitializeAsync() => cluster.EnsureAllRunningAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Three_hundred_activations_by_thirty_users_round_robin_over_the_replicas_sign_each_user_in_once()
    {
        var users = Enumerable.Range(0, 30).Select(u => $"cluster-load-{u}-{Guid.NewGuid():N}").ToList();
        var clock = Stopwatch.StartNew();

        // Activation k of user u goes to replica (u + k) % 3: round robin, and each wave of three of one user's
        // activations runs at once on three different replicas, so their first sign-ins race across replicas. Ten users
        // at a time (30 requests in flight): the 2-core machine the tests share cannot serve more without turns timing out.
        var answers = new List<TurnAnswer>();
        foreach (var batch in users.Select((user, u) => (user, u)).Chunk(10))
        {
            answers.AddRange((await Task.WhenAll(batch.Select(async one =>
            {
                var mine = new List<TurnAnswer>();
                for (var k = 0; k < 10; k += 3)
                {
                    mine.AddRange(await Task.WhenAll(Enumerable.Range(k, Math.Min(3, 10 - k))
                        .Select(n => cluster.TypeActivateAsync((one.u + n) % BotCluster.Size, one.user, Demo, DemoPassword))));
                }

                return mine;
            }))).SelectMany(a => a));
        }

        output.WriteLine($"300 activations by 30 users on 3 replicas in {clock.Elapsed.TotalSeconds:0.0} s");

        Assert.Equal(300, answers.Count);
        Assert.All(Enumerable.Range(0, BotCluster.Size), r => Assert.Equal(100, answers.Count(a => a.Replica == r)));
        var failed = answers.Where(a => !a.Shows(HuaweiSimulatorOptions.DemoRegionIp)).ToList();
        Assert.True(failed.Count == 0, $"{failed.Count} activations without the region IP, e.g. {failed.FirstOrDefault()}\n{cluster.Output}");
        var requests = cluster.Huawei.Requests.Where(r => r.UserId is { } id && users.Contains(id)).ToList();
        Assert.Equal(30, requests.Count(r => r.Endpoint == SimulatorEndpoint.AppAuth));
        Assert.All(users, user => Assert.Single(requests, r => r.Endpoint == SimulatorEndpoint.AppAuth && r.UserId == user));
        Assert.Equal(300, requests.Count(r => r.Endpoint == SimulatorEndpoint.StartConference));
    }

    [Fact]
    public async Task One_form_submitted_to_two_replicas_at_the_same_moment_activates_once()
    {
        const int Forms = 10;
        for (var form = 0; form < Forms; form++)
        {
            var user = $"cluster-form-{form}-{Guid.NewGuid():N}";
            var first = form % BotCluster.Size;
            var second = (form + 1) % BotCluster.Size;
            var conversation = cluster.Conversation(first, ActivityFixtures.WebChat, user);
            var card = (await conversation.SendTextAsync("activate")).SingleCard();
            var activate = card.Action(CardVerbs.Activate);
            var inputs = FormInputs.Of(Demo, DemoPassword);

            var both = await Task.WhenAll(
                ClusterTurns.SubmitAsync(first, conversation, activate, inputs),
                ClusterTurns.SubmitAsync(second, conversation.Via(cluster.Client(second)), activate, inputs));

            Assert.All(both, answer => Assert.True(answer.Succeeded, answer.ToString()));
            Assert.Single(both, answer => answer.Shows(HuaweiSimulatorOptions.DemoRegionIp));
            Assert.Single(both, answer => answer.Shows(English[nameof(Strings.AlreadyUsedTitle)]));
            Assert.Single(cluster.Huawei.Requests, r => r.Endpoint == SimulatorEndpoint.StartConference && r.UserId == user);
        }
    }

    [Fact]
    public async Task Five_wrong_passwords_on_replica_A_lock_the_user_out_on_replica_B_without_calling_Huawei()
    {
        var user = $"cluster-guesser-{Guid.NewGuid():N}";
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var wrong = await cluster.TypeActivateAsync(0, user, Demo, $"wrong-{attempt}");
            Assert.True(wrong.Shows(English[nameof(Strings.Error_WrongMeetingIdOrPassword_What)]), wrong.ToString());
        }

        var startsBefore = StartsOf(user);
        var onB = await cluster.TypeActivateAsync(1, user, Demo, DemoPassword);
        var onC = await cluster.TypeActivateAsync(2, user, Demo, DemoPassword);

        Assert.Equal(5, startsBefore);
        Assert.True(onB.Shows(English[nameof(Strings.Error_LockedOut_What)]), $"{onB}\n{cluster.Output}");
        Assert.True(onC.Shows(English[nameof(Strings.Error_LockedOut_What)]), onC.ToString());
        Assert.DoesNotContain(HuaweiSimulatorOptions.DemoRegionIp, onB.Body + onC.Body, StringComparison.Ordinal);
        Assert.Equal(startsBefore, StartsOf(user));
    }

    protected int StartsOf(string user) =>
        cluster.Huawei.Requests.Count(r => r.Endpoint == SimulatorEndpoint.StartConference && r.UserId == user);
}

/// <summary>
/// <see cref="ThreeReplicaTests"/> on one redis-server; and a replica killed under load (run here only: the heaviest of
/// them, and what it proves, the sweep of late outcomes, is proved on a cluster by <c>LateOutcomeRecordsOnClusterTests</c>).
/// </summary>
[Collection(ClusterDefinition.Name)]
public sealed class ClusterTests : ThreeReplicaTests
{
    private readonly BotCluster _cluster;
    private readonly ITestOutputHelper _output;

    public ClusterTests(BotCluster cluster, ITestOutputHelper output)
        : base(cluster, output) => (_cluster, _output) = (cluster, output);

    [Fact]
    public async Task A_replica_killed_under_load_fails_no_request_on_the_survivors_activates_nothing_twice_and_its_activating_cards_are_resolved_within_30_s()
    {
        const int Victim = 0;
        var slow = HuaweiSimulatorOptions.SlowMeetingId;
        var orphans = Enumerable.Range(0, 3).Select(i => (User: $"cluster-orphan-{i}-{Guid.NewGuid():N}", Card: $"orphan-card-{i}-{Guid.NewGuid():N}")).ToList();
        var activating = await Task.WhenAll(orphans.Select(o => _cluster.ExecuteAsync(Victim, o.User, o.Card, slow, DemoPassword)));
        Assert.All(activating, a => Assert.True(a.Shows($"Activating meeting {slow}"), a.ToString()));

        var load = new ClusterLoad(_cluster, "cluster-kill", replicas: [0, 1, 2]);
        load.Start(workers: 6);
        await load.WaitUntilAsync(() => load.SucceededOn(Victim) >= 3 && load.Answers.Count >= 12, TimeSpan.FromSeconds(60), "a load on every replica");
        var killedAt = Stopwatch.StartNew();
        await _cluster.KillReplicaAsync(Victim);
        load.Exclude(Victim);
        var survivorsAtKill = load.Answers.Count(a => a.Answer.Replica != Victim);
        await load.WaitUntilAsync(() => load.Answers.Count(a => a.Answer.Replica != Victim) >= survivorsAtKill + 30, TimeSpan.FromSeconds(60), "30 more answers from the survivors after the kill");
        var answers = await load.StopAsync();

        var resolved = new List<ConnectorCall>();
        foreach (var orphan in orphans)
        {
            var left = TimeSpan.FromSeconds(30) - killedAt.Elapsed;
            resolved.Add(await _cluster.Connector.WaitForAsync(
                call => call.Method == "PUT" && call.Path.EndsWith($"/activities/{orphan.Card}", StringComparison.Ordinal),
                left > TimeSpan.Zero ? left : TimeSpan.Zero));
        }

        _output.WriteLine($"{answers.Count} answers; the orphaned cards resolved {killedAt.Elapsed.TotalSeconds:0.0} s after the kill");
        var onSurvivors = answers.Where(a => a.Answer.Replica != Victim).ToList();
        Assert.True(onSurvivors.Count >= 30, $"only {onSurvivors.Count} answers from the survivors");
        var failed = onSurvivors.Where(a => !a.Answer.Shows(HuaweiSimulatorOptions.DemoRegionIp)).ToList();
        Assert.True(failed.Count == 0, $"{failed.Count} failed on the survivors, e.g. {failed.FirstOrDefault()}\n{_cluster.Output}");
        Assert.All(resolved, update => Assert.DoesNotContain("Activating meeting", update.Body!.ToString(), StringComparison.Ordinal));
        Assert.All(resolved, update => Assert.Contains(slow, update.Body!.ToString(), StringComparison.Ordinal));
        var users = answers.Select(a => a.User).Concat(orphans.Select(o => o.User)).ToHashSet();
        var doubles = _cluster.Huawei.Requests.Where(r => r.Endpoint == SimulatorEndpoint.StartConference && r.UserId is { } id && users.Contains(id))
            .GroupBy(r => r.UserId).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(doubles.Count == 0, $"activated twice for {string.Join(", ", doubles)}");
        Assert.All(onSurvivors, a => Assert.Equal(1, StartsOf(a.User)));
    }
}
