using MeetingBot.Channels.BotFramework;
using MeetingBot.Channels.Slack;
using MeetingBot.Conversation;
using MeetingBot.LateOutcomes;
using MeetingBot.Meetings.Activation;
using MeetingBot.State;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace MeetingBot.Tests.State;

/// <summary>
/// Late-outcome records against a real redis-server, with several store instances standing for replicas that share
/// Redis and a fake clock: leases, atomic claims, recorded outcomes, TTLs, and what Redis holds in clear.
/// </summary>
public sealed class RedisLateOutcomeRecordsTests(RedisServer server) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private const string ResponseUrl = "https://hooks.slack.com/commands/T0TEAM0001/1234567890/s3cr3tCapabilityToken";
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 15, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);
    private ConnectionMultiplexer? _redis;
    private RedisDataProtection? _keys;

    public async Task InitializeAsync()
    {
        _redis = await server.EmptyAndConnectAsync();
        _keys = await RedisDataProtection.StartAsync(_redis);
    }

    public async Task DisposeAsync()
    {
        await _keys!.DisposeAsync();
        await _redis!.DisposeAsync();
    }

    [Fact]
    public async Task An_open_record_holds_no_response_url_or_user_name_in_clear_and_every_key_expires()
    {
        var replica = NewReplica();

        await replica.OpenAsync(SlackRecord("r1"), CancellationToken.None);
        await replica.OpenAsync(TeamsRecord("r2"), CancellationToken.None);
        await replica.RecordOutcomeAsync("r1", Activated(), CancellationToken.None);

        var dump = await RedisDump.WithoutKeyRingAsync(server.ConnectionString);
        Assert.Equal(
            new[] { RedisLateOutcomeRecords.LeasesKey("r1"), RedisLateOutcomeRecords.LeasesKey("r2"), RedisLateOutcomeRecords.RecordKey("r1"), RedisLateOutcomeRecords.RecordKey("r2") }
                .Select(key => key.ToString()).Distinct().Order(StringComparer.Ordinal),
            dump.Keys.Order(StringComparer.Ordinal));
        Assert.All(dump.Values, value =>
        {
            Assert.DoesNotContain("s3cr3tCapabilityToken", value, StringComparison.Ordinal);
            Assert.DoesNotContain("hooks.slack.com", value, StringComparison.Ordinal);
            Assert.DoesNotContain("Ada Lovelace", value, StringComparison.Ordinal);
            Assert.DoesNotContain("100.94.23.41", value, StringComparison.Ordinal);
        });
        Assert.Contains("meeting=986030666", dump[RedisLateOutcomeRecords.RecordKey("r1").ToString()], StringComparison.Ordinal);
        Assert.Contains($"owner={replica.ReplicaId}", dump[RedisLateOutcomeRecords.RecordKey("r1").ToString()], StringComparison.Ordinal);
        foreach (var key in dump.Keys)
        {
            var timeToLive = await _redis!.GetDatabase().KeyTimeToLiveAsync(key);
            Assert.NotNull(timeToLive);
            Assert.InRange(timeToLive.Value, TimeSpan.FromMinutes(29), RedisLateOutcomeRecords.RecordLifetime);
        }
    }

    [Fact]
    public async Task A_record_whose_owner_keeps_renewing_is_never_claimed()
    {
        var owner = NewReplica();
        var other = NewReplica();
        await owner.OpenAsync(TeamsRecord("r1"), CancellationToken.None);

        for (var renewal = 0; renewal < 10; renewal++)
        {
            _time.Advance(LateOutcomeLease.RenewEvery);
            await owner.RenewAsync();
            Assert.Empty(await other.ClaimOrphansAsync(LateOutcomeLease.ClaimsPerSweep));
        }

        Assert.Equal(["r1"], owner.Owned);
    }

    [Fact]
    public async Task A_dead_owners_record_is_claimed_by_exactly_one_of_the_replicas_sweeping_at_once_with_its_address()
    {
        var dead = NewReplica();
        await dead.OpenAsync(TeamsRecord("r1"), CancellationToken.None);
        var survivors = Enumerable.Range(0, 5).Select(_ => NewReplica()).ToList();

        _time.Advance(LateOutcomeLease.Duration - TimeSpan.FromMilliseconds(1));
        Assert.Empty(await survivors[0].ClaimOrphansAsync(LateOutcomeLease.ClaimsPerSweep));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        var claims = await Task.WhenAll(survivors.Select(survivor => survivor.ClaimOrphansAsync(LateOutcomeLease.ClaimsPerSweep)));

        var orphan = Assert.Single(claims.SelectMany(claimed => claimed));
        Assert.Null(orphan.Outcome);
        Assert.Equal(TeamsRecord("r1") with { Address = orphan.Record.Address }, orphan.Record);
        var address = Assert.IsType<BotFrameworkAddress>(orphan.Record.Address);
        Assert.Equal("card-7", address.CardActivityId);
        Assert.Equal("zh-CN", address.Culture);
        Assert.Equal("a:conversation-1", address.Conversation.Conversation.Id);
        Assert.Equal("Ada Lovelace", address.Conversation.User.Name);
        Assert.Equal("https://smba.trafficmanager.net/emea/", address.Conversation.ServiceUrl);
        var winner = survivors.Single(survivor => survivor.Owned.Count == 1);
        Assert.Contains($"owner={winner.ReplicaId}", (await RedisDump.WithoutKeyRingAsync(server.ConnectionString))[RedisLateOutcomeRecords.RecordKey("r1").ToString()], StringComparison.Ordinal);

        // The dead replica, were it only slow, learns on its next heartbeat that the record is no longer its own.
        await dead.RenewAsync();
        Assert.Empty(dead.Owned);
    }

    [Fact]
    public async Task A_recorded_outcome_and_a_slack_address_come_back_with_the_claim()
    {
        var dead = NewReplica();
        await dead.OpenAsync(SlackRecord("r1"), CancellationToken.None);
        await dead.RecordOutcomeAsync("r1", Activated(), CancellationToken.None);

        _time.Advance(LateOutcomeLease.Duration);
        var orphan = Assert.Single(await NewReplica().ClaimOrphansAsync(LateOutcomeLease.ClaimsPerSweep));

        Assert.Equivalent(Activated(), orphan.Outcome, strict: true);
        var address = Assert.IsType<SlackResponseUrlAddress>(orphan.Record.Address);
        Assert.Equal(new Uri(ResponseUrl), address.ResponseUrl);
        Assert.Equal(new SlackAudience("U0ADA", new SlashCommandSyntax("/meetingbot", CommandIsActivate: false)), address.Audience);
    }

    [Fact]
    public async Task A_closed_record_is_gone_and_a_claimed_record_is_not_claimed_again_while_its_new_owner_renews()
    {
        var dead = NewReplica();
        await dead.OpenAsync(TeamsRecord("closed"), CancellationToken.None);
        await dead.OpenAsync(TeamsRecord("orphan"), CancellationToken.None);
        await dead.CloseAsync("closed", CancellationToken.None);
        var first = NewReplica();
        var second = NewReplica();

        _time.Advance(LateOutcomeLease.Duration);
        Assert.Equal("orphan", Assert.Single(await first.ClaimOrphansAsync(LateOutcomeLease.ClaimsPerSweep)).Record.Id);
        _time.Advance(LateOutcomeLease.RenewEvery);
        await first.RenewAsync();
        _time.Advance(LateOutcomeLease.RenewEvery);

        Assert.Empty(await second.ClaimOrphansAsync(LateOutcomeLease.ClaimsPerSweep));
        Assert.DoesNotContain(RedisLateOutcomeRecords.RecordKey("closed").ToString(), (await RedisDump.WithoutKeyRingAsync(server.ConnectionString)).Keys);
    }

    [Fact]
    public async Task A_record_sealed_with_keys_this_replica_does_not_have_is_dropped_not_delivered()
    {
        var dead = NewReplica();
        await dead.OpenAsync(TeamsRecord("r1"), CancellationToken.None);

        _time.Advance(LateOutcomeLease.Duration);
        var otherKeys = new RedisLateOutcomeRecords(_redis!, new EphemeralDataProtectionProvider(), _keys!.Keys, Codec, _time, NullLogger<RedisLateOutcomeRecords>.Instance);

        Assert.Empty(await otherKeys.ClaimOrphansAsync(LateOutcomeLease.ClaimsPerSweep));
        Assert.Empty(await RedisDump.WithoutKeyRingAsync(server.ConnectionString));
    }

    private static readonly LateOutcomeCodec Codec = new([new BotFrameworkAddressFormat(), new SlackAddressFormat()]);

    private RedisLateOutcomeRecords NewReplica() => new(_redis!, _keys!.Provider, _keys.Keys, Codec, _time, NullLogger<RedisLateOutcomeRecords>.Instance);

    private static LateOutcomeRecord TeamsRecord(string id) => new(id, "msteams", "986030666", Start, new BotFrameworkAddress(
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

    private static LateOutcomeRecord SlackRecord(string id) => new(id, "slack", "986030666", Start, new SlackResponseUrlAddress(
        new Uri(ResponseUrl), new SlackAudience("U0ADA", new SlashCommandSyntax("/meetingbot", CommandIsActivate: false)), "en"));

    private static ResultReply Activated() => new(
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
