using System.Diagnostics;
using MeetingBot.Cards;
using MeetingBot.Channels.BotFramework.DialogState;
using MeetingBot.Sandbox;
using MeetingBot.Testing;
using MeetingBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace MeetingBot.Tests.State.Cluster;

/// <summary>
/// A Redis Cluster with a replica per master (<see cref="RedisCluster.WithReplicaPerMaster"/>, node timeout 2 s), its
/// own for each test: a master is killed (SIGKILL) under load and its replica takes over, with no restart of the hosts;
/// a replica that cannot acknowledge writes (SIGSTOP) makes a form submit answer "try again" without starting a meeting;
/// and a form used just before its master died stays used on the replica that took over.
/// </summary>
public sealed class FailoverTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string MeetingId = HuaweiSimulatorOptions.DemoMeetingId;
    private const string Password = HuaweiSimulatorOptions.DemoPassword;
    private static readonly TimeSpan RecoveryDeadline = TimeSpan.FromSeconds(60);

    private readonly RedisCluster _cluster = RedisCluster.WithReplicaPerMaster();
    private HostsOnCluster? _hosts;

    private HostsOnCluster Hosts => _hosts!;

    public async Task InitializeAsync()
    {
        await _cluster.InitializeAsync();
        _hosts = await HostsOnCluster.StartAsync(_cluster.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        if (_hosts is not null)
        {
            await _hosts.DisposeAsync();
        }

        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task When_a_master_is_killed_under_load_its_replica_takes_over_and_turns_come_back_without_a_restart()
    {
        var load = new FormLoad(Hosts.Hosts);
        load.Start(workers: 3);
        await load.AnsweredAsync(20, "forms answered before the kill");

        var killedAt = load.Now;
        await _cluster.Masters[0].StopAsync();
        var promotion = Stopwatch.StartNew();
        await Poll.UntilAsync(async () => (await _cluster.Replicas[0].SendAsync("ROLE")).Contains("master", StringComparison.Ordinal),
            RecoveryDeadline, "the replica of the killed master never took over");
        var promotedAfter = promotion.Elapsed;
        // Back: the last 30 forms sent after the kill all activated once.
        await Poll.UntilAsync(
            () => load.Rounds.Where(round => round.SentAt > killedAt + promotedAfter).OrderBy(round => round.SentAt).TakeLast(30) is var last
                && last.Count() == 30 && last.All(round => round.Submit == FormOutcome.Activated),
            RecoveryDeadline, $"turns did not all succeed again within {RecoveryDeadline.TotalSeconds} s: {string.Join("\n", load.Rounds.TakeLast(10))}");
        var rounds = await load.StopAsync();
        // Ready again too, with the old master still dead: readiness follows the cluster's slot map, not the masters it once knew.
        foreach (var host in Hosts.Hosts)
        {
            await Poll.UntilAsync(async () => (await host.Http.GetAsync(new Uri("/health/ready", UriKind.Relative))).IsSuccessStatusCode,
                RecoveryDeadline, "a host never ready again after the failover");
        }

        var afterKill = rounds.Where(round => round.AnsweredAt > killedAt).ToList();
        var bad = afterKill.Where(round => round.Submit != FormOutcome.Activated).ToList();
        var firstBad = bad.FirstOrDefault();
        var lastBad = bad.LastOrDefault();
        output.WriteLine($"{rounds.Count} forms, {afterKill.Count} answered after the kill; replica promoted {promotedAfter.TotalSeconds:F1} s after the kill; " +
            (lastBad is null
                ? "no turn failed"
                : $"{bad.Count} forms not activated ({string.Join(", ", bad.GroupBy(round => round.Submit).Select(g => $"{g.Count()} {g.Key}"))}), " +
                  $"the first answered {(firstBad!.AnsweredAt - killedAt).TotalSeconds:F1} s after the kill, the last {(lastBad.AnsweredAt - killedAt).TotalSeconds:F1} s after; " +
                  $"first good turn after the last bad one answered {(afterKill.First(round => round.SentAt > lastBad.SentAt && round.Submit == FormOutcome.Activated).AnsweredAt - killedAt).TotalSeconds:F1} s after the kill"));

        Assert.DoesNotContain(rounds, round => round.Submit == FormOutcome.Failed || round.Resubmit == FormOutcome.Failed);
        Assert.DoesNotContain(rounds, round => round.Resubmit == FormOutcome.Activated);
        var activated = rounds.Count(round => round.Submit == FormOutcome.Activated);
        var unanswered = rounds.Count(round => round.Submit == FormOutcome.Unavailable);
        Assert.InRange(Hosts.Huawei.StartRequests, activated, activated + unanswered);
    }

    [Fact]
    public async Task While_no_replica_acknowledges_a_form_submit_answers_try_again_and_starts_nothing_and_the_form_works_once_after()
    {
        var onA = Hosts.Hosts[0].Conversation(ActivityFixtures.WebChat);
        var form = (await onA.SendTextAsync("activate")).SingleCard();
        var replica = _cluster.Replicas[MasterOf(onA)];

        replica.Pause();
        IReadOnlyList<Microsoft.Bot.Schema.Activity> whilePaused;
        try
        {
            whilePaused = await onA.ClickAsync(form.Action(CardVerbs.Activate), FormInputs.Of(MeetingId, Password));
        }
        finally
        {
            replica.Resume();
        }

        Assert.Equal(FormOutcome.Unavailable, FormLoad.Classify(whilePaused));
        Assert.Equal(0, Hosts.Huawei.StartRequests);

        var onB = onA.Through(Hosts.Hosts[1]);
        Assert.Equal(FormOutcome.Activated, FormLoad.Classify(await onB.ClickAsync(form.Action(CardVerbs.Activate), FormInputs.Of(MeetingId, Password))));
        Assert.Equal(FormOutcome.AlreadyUsed, FormLoad.Classify(await onA.ClickAsync(form.Action(CardVerbs.Activate), FormInputs.Of(MeetingId, Password))));
        Assert.Equal(1, Hosts.Huawei.StartRequests);
    }

    [Fact]
    public async Task A_form_used_just_before_its_master_is_killed_is_already_used_on_the_replica_that_takes_over()
    {
        var onA = Hosts.Hosts[0].Conversation(ActivityFixtures.WebChat);
        var form = (await onA.SendTextAsync("activate")).SingleCard();
        var master = MasterOf(onA);

        Assert.Equal(FormOutcome.Activated, FormLoad.Classify(await onA.ClickAsync(form.Action(CardVerbs.Activate), FormInputs.Of(MeetingId, Password))));
        await _cluster.Masters[master].StopAsync();

        var onB = onA.Through(Hosts.Hosts[1]);
        var answers = new List<FormOutcome>();
        var last = string.Empty;
        await Poll.UntilAsync(
            async () =>
            {
                var replies = await onB.ClickAsync(form.Action(CardVerbs.Activate), FormInputs.Of(MeetingId, Password));
                answers.Add(FormLoad.Classify(replies));
                last = FormLoad.Describe(replies);
                return answers[^1] != FormOutcome.Unavailable;
            },
            RecoveryDeadline, "the second host never answered after the failover");

        output.WriteLine($"Resubmits after the kill: {string.Join(", ", answers)}; the last said: {last}");
        if (answers[^1] == FormOutcome.Failed)
        {
            output.WriteLine(Hosts.Hosts[1].AllLogText());
        }

        Assert.Equal(FormOutcome.AlreadyUsed, answers[^1]);
        Assert.All(answers[..^1], answer => Assert.Equal(FormOutcome.Unavailable, answer));
        Assert.Equal(1, Hosts.Huawei.StartRequests);
        Assert.Contains("master", await _cluster.Replicas[master].SendAsync("ROLE"), StringComparison.Ordinal);
    }

    /// <summary>Which master (its place in <see cref="RedisCluster.Masters"/>) holds the conversation's dialog state.</summary>
    private int MasterOf(BotConversation conversation)
    {
        var key = RedisStorage.LocationOf(StateKeys.Conversation(conversation.ChannelId, conversation.ConversationId)).Hash;
        var endpoint = Hosts.Hosts[0].Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase().IdentifyEndpoint(key);
        var address = endpoint?.ToString();
        var index = _cluster.Masters.ToList().FindIndex(master => master.Address == address);
        Assert.True(index >= 0, $"{key} is on {address}, not a master");
        return index;
    }
}
