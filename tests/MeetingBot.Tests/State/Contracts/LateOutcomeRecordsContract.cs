using MeetingBot.Channels.BotFramework;
using MeetingBot.Channels.Slack;
using MeetingBot.Conversation;
using MeetingBot.LateOutcomes;
using MeetingBot.Meetings.Activation;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Time.Testing;

namespace MeetingBot.Tests.State.Contracts;

/// <summary>
/// A replica's late-outcome records (<see cref="ILateOutcomeRecords"/>) with the lease work that
/// <see cref="OrphanedOutcomeSweeper"/> does on them.
/// </summary>
public abstract class LateOutcomeReplica
{
    public abstract ILateOutcomeRecords Records { get; }

    /// <summary>The records this replica would deliver: those it opened and has not closed, and those it claimed.</summary>
    public abstract IReadOnlyCollection<string> Holds { get; }

    /// <summary>The heartbeat: extends the leases of what it holds, and learns which records are no longer its own.</summary>
    public abstract Task RenewAsync();

    /// <summary>One sweep: takes the records whose owner stopped renewing them.</summary>
    public abstract Task<IReadOnlyList<OrphanedLateOutcome>> ClaimOrphansAsync();
}

/// <summary>
/// What every <see cref="ILateOutcomeRecords"/> must do, each rule written once, with the expired-lease cases that the
/// orphaned-outcome sweep rests on: a record is held by its replica from open to close; a record whose owner keeps
/// renewing is never claimed; a closed record is never claimed, nor brought back by an outcome recorded late; and a
/// record whose owner stopped renewing (a replica that died) goes where the implementation promises
/// (<see cref="SurvivorsTakeOverOrphans"/>). Replicas share what the implementation shares; time is <see cref="Time"/>.
/// Runs against <see cref="InProcessLateOutcomeRecords"/> (<see cref="InProcessLateOutcomeRecordsContractTests"/>) and
/// <see cref="RedisLateOutcomeRecords"/> (<see cref="RedisLateOutcomeRecordsTests"/>, with what only Redis does: nothing in
/// clear, every key with a TTL, a record another key ring sealed dropped, the owner named in Redis).
/// </summary>
public abstract class LateOutcomeRecordsContract
{
    protected const string ResponseUrl = "https://hooks.slack.com/commands/T0TEAM0001/1234567890/s3cr3tCapabilityToken";
    protected static readonly DateTimeOffset Start = new(2026, 11, 26, 15, 0, 0, TimeSpan.Zero);

    protected FakeTimeProvider Time { get; } = new(Start);

    /// <summary>
    /// Whether the records of a replica that stopped renewing its leases (died) are taken over by another. Redis: yes,
    /// each by exactly one other replica, with its recorded outcome if any. In process: no, by design, and there is no one
    /// to take them over: the records are the process's own and live and die with it (on SIGTERM it still delivers them,
    /// or the restart notice, itself; a SIGKILL loses them with the process, which is why replicas share Redis). So for it
    /// the expired-lease cases state that nothing is claimed and the owner still holds its record.
    /// </summary>
    protected abstract bool SurvivorsTakeOverOrphans { get; }

    /// <summary>
    /// Whether the store keeps the records at all. Redis: yes, for the other replicas. In process: no; what a process owes
    /// is its <see cref="ActivationsInFlight"/>'s and dies with it, so the in-process store keeps nothing and every rule
    /// about what a replica holds reads "nothing" for it.
    /// </summary>
    protected virtual bool KeepsRecords => true;

    /// <summary>Another replica (in process: another process) over the same shared records.</summary>
    protected abstract LateOutcomeReplica NewReplica();

    /// <summary>The replica holds exactly <paramref name="ids"/> (nothing, where the store keeps nothing).</summary>
    protected void AssertHolds(LateOutcomeReplica replica, params string[] ids) =>
        Assert.Equal(KeepsRecords ? ids.Order(StringComparer.Ordinal) : [], replica.Holds.Order(StringComparer.Ordinal));

    [Fact]
    public async Task An_open_record_is_held_by_its_replica_alone_until_it_is_closed()
    {
        var owner = NewReplica();
        var other = NewReplica();

        await owner.Records.OpenAsync(TeamsRecord("r1"), CancellationToken.None);
        await owner.Records.OpenAsync(SlackRecord("r2"), CancellationToken.None);
        AssertHolds(owner, "r1", "r2");
        AssertHolds(other);

        await owner.Records.CloseAsync("r1", CancellationToken.None);
        AssertHolds(owner, "r2");
        await owner.Records.CloseAsync("r2", CancellationToken.None);
        AssertHolds(owner);
    }

    [Fact]
    public async Task Closing_a_record_twice_or_one_never_opened_is_harmless()
    {
        var owner = NewReplica();
        await owner.Records.OpenAsync(TeamsRecord("r1"), CancellationToken.None);

        await owner.Records.CloseAsync("r1", CancellationToken.None);
        await owner.Records.CloseAsync("r1", CancellationToken.None);
        await owner.Records.CloseAsync("never-opened", CancellationToken.None);

        AssertHolds(owner);
    }

    [Fact]
    public async Task A_record_whose_owner_keeps_renewing_is_never_claimed()
    {
        var owner = NewReplica();
        var other = NewReplica();
        await owner.Records.OpenAsync(TeamsRecord("r1"), CancellationToken.None);

        for (var renewal = 0; renewal < 10; renewal++)
        {
            Time.Advance(LateOutcomeLease.RenewEvery);
            await owner.RenewAsync();
            Assert.Empty(await other.ClaimOrphansAsync());
        }

        AssertHolds(owner, "r1");
    }

    [Fact]
    public async Task A_closed_record_is_never_claimed_nor_brought_back_by_an_outcome_recorded_late()
    {
        var dead = NewReplica();
        await dead.Records.OpenAsync(TeamsRecord("closed"), CancellationToken.None);
        await dead.Records.RecordOutcomeAsync("closed", Activated(), CancellationToken.None);
        await dead.Records.CloseAsync("closed", CancellationToken.None);
        await dead.Records.RecordOutcomeAsync("closed", Activated(), CancellationToken.None);
        var survivors = new[] { NewReplica(), NewReplica() };

        Time.Advance(LateOutcomeLease.Duration);

        foreach (var survivor in survivors)
        {
            Assert.Empty(await survivor.ClaimOrphansAsync());
            AssertHolds(survivor);
        }

        AssertHolds(dead);
    }

    [Fact]
    public async Task A_record_whose_owner_stopped_renewing_goes_to_exactly_one_other_replica_once_its_lease_ran_out_with_its_address()
    {
        var dead = NewReplica();
        await dead.Records.OpenAsync(TeamsRecord("r1"), CancellationToken.None);
        var survivors = Enumerable.Range(0, 5).Select(_ => NewReplica()).ToList();

        Time.Advance(LateOutcomeLease.Duration - TimeSpan.FromMilliseconds(1));
        Assert.Empty(await survivors[0].ClaimOrphansAsync());
        Time.Advance(TimeSpan.FromMilliseconds(1));
        var claims = (await Task.WhenAll(survivors.Select(survivor => survivor.ClaimOrphansAsync()))).SelectMany(claimed => claimed).ToList();
        // The dead replica, were it only slow, renews on its next heartbeat.
        await dead.RenewAsync();

        if (!SurvivorsTakeOverOrphans)
        {
            Assert.Empty(claims);
            Assert.All(survivors, survivor => Assert.Empty(survivor.Holds));
            AssertHolds(dead, "r1");
            return;
        }

        var orphan = Assert.Single(claims);
        Assert.Null(orphan.Outcome);
        Assert.Equal(TeamsRecord("r1") with { Address = orphan.Record.Address }, orphan.Record);
        var address = Assert.IsType<BotFrameworkAddress>(orphan.Record.Address);
        Assert.Equal("card-7", address.CardActivityId);
        Assert.Equal("zh-CN", address.Culture);
        Assert.Equal("a:conversation-1", address.Conversation.Conversation.Id);
        Assert.Equal("Ada Lovelace", address.Conversation.User.Name);
        Assert.Equal("https://smba.trafficmanager.net/emea/", address.Conversation.ServiceUrl);
        Assert.Single(survivors, survivor => survivor.Holds.SequenceEqual(["r1"]));
        // ... and learns that the record is no longer its own.
        AssertHolds(dead);
    }

    [Fact]
    public async Task A_recorded_outcome_and_a_slack_address_go_with_the_record_of_a_replica_that_stopped_renewing()
    {
        var dead = NewReplica();
        await dead.Records.OpenAsync(SlackRecord("r1"), CancellationToken.None);
        await dead.Records.RecordOutcomeAsync("r1", Activated(), CancellationToken.None);

        Time.Advance(LateOutcomeLease.Duration);
        var claims = await NewReplica().ClaimOrphansAsync();

        if (!SurvivorsTakeOverOrphans)
        {
            Assert.Empty(claims);
            AssertHolds(dead, "r1");
            return;
        }

        var orphan = Assert.Single(claims);
        Assert.Equivalent(Activated(), orphan.Outcome, strict: true);
        var address = Assert.IsType<SlackResponseUrlAddress>(orphan.Record.Address);
        Assert.Equal(new Uri(ResponseUrl), address.ResponseUrl);
        Assert.Equal(new SlackAudience("U0ADA", new SlashCommandSyntax("/meetingbot", CommandIsActivate: false)), address.Audience);
    }

    [Fact]
    public async Task A_record_taken_over_is_not_taken_again_while_its_new_owner_renews()
    {
        var dead = NewReplica();
        await dead.Records.OpenAsync(TeamsRecord("orphan"), CancellationToken.None);
        var first = NewReplica();
        var second = NewReplica();

        Time.Advance(LateOutcomeLease.Duration);
        var firstClaims = await first.ClaimOrphansAsync();
        Time.Advance(LateOutcomeLease.RenewEvery);
        await first.RenewAsync();
        Time.Advance(LateOutcomeLease.RenewEvery);
        var secondClaims = await second.ClaimOrphansAsync();

        Assert.Empty(secondClaims);
        if (SurvivorsTakeOverOrphans)
        {
            Assert.Equal("orphan", Assert.Single(firstClaims).Record.Id);
            AssertHolds(first, "orphan");
        }
        else
        {
            Assert.Empty(firstClaims);
            AssertHolds(dead, "orphan");
        }
    }

    protected static LateOutcomeRecord TeamsRecord(string id) => new(id, "msteams", "986030666", Start, new BotFrameworkAddress(
        new ConversationReference
        {
            ChannelId = "msteams",
            ServiceUrl = "https://smba.trafficmanager.net/emea/",
            Conversation = new ConversationAccount(id: "a:conversation-1", tenantId: "tenant-1"),
            User = new ChannelAccount("29:user-1", "Ada Lovelace"),
            Bot = new ChannelAccount("28:bot", "MeetingBot"),
            Locale = "zh-CN",
        },
        "card-7",
        "zh-CN"));

    protected static LateOutcomeRecord SlackRecord(string id) => new(id, "slack", "986030666", Start, new SlackResponseUrlAddress(
        new Uri(ResponseUrl), new SlackAudience("U0ADA", new SlashCommandSyntax("/meetingbot", CommandIsActivate: false)), "en"));

    protected static ResultReply Activated() => new(
        new ActivationResult
        {
            Outcome = ActivationOutcome.Activated,
            MeetingId = "986030666",
            RegionIp = "100.94.23.41",
            RequestId = "req-1",
            CompletedAt = Start,
        },
        "Ada Lovelace",
        Sandbox: true);
}

/// <summary>
/// The contract on <see cref="InProcessLateOutcomeRecords"/>: each replica is its own process, which keeps no record, has no
/// lease to renew and nothing another process could claim (see <see cref="LateOutcomeRecordsContract.SurvivorsTakeOverOrphans"/>).
/// </summary>
public sealed class InProcessLateOutcomeRecordsContractTests : LateOutcomeRecordsContract
{
    protected override bool SurvivorsTakeOverOrphans => false;

    protected override bool KeepsRecords => false;

    protected override LateOutcomeReplica NewReplica() => new InProcessReplica();

    private sealed class InProcessReplica : LateOutcomeReplica
    {
        public override ILateOutcomeRecords Records { get; } = new InProcessLateOutcomeRecords();

        public override IReadOnlyCollection<string> Holds => [];

        public override Task RenewAsync() => Task.CompletedTask;

        public override Task<IReadOnlyList<OrphanedLateOutcome>> ClaimOrphansAsync() => Task.FromResult<IReadOnlyList<OrphanedLateOutcome>>([]);
    }
}
