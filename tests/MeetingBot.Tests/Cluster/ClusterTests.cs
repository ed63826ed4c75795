using System.Diagnostics;
using MeetingBot.Cards;
using MeetingBot.Localization;
using MeetingBot.Sandbox;
using MeetingBot.Tests.Infrastructure;
using MeetingBot.Tests.State;
using Xunit.Abstractions;

namespace MeetingBot.Tests.Cluster;

/// <summary>
/// Issue 11's "Done when", through three real replicas of the bot sharing one real redis-server and one stub Huawei
/// server (<see cref="BotCluster"/>). Each test uses users of its own, so the tests do not depend on their order; a test
/// that kills a replica or Redis leaves the next one a whole cluster (<see cref="BotCluster.EnsureAllRunningAsync"/>).
/// </summary>
[Collection(ClusterDefinition.Name)]
public sealed class ClusterTests(BotCluster cluster, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly string Demo = HuaweiSimulatorOptions.DemoMeetingId;
    private static readonly string DemoPassword = HuaweiSimulatorOptions.DemoPassword;
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

    private int StartsOf(string user) =>
        cluster.Huawei.Requests.Count(r => r.Endpoint == SimulatorEndpoint.StartConference && r.UserId == user);
}
