using MeetingBot.Channels.BotFramework;
using MeetingBot.Channels.Slack;
using MeetingBot.Conversation;
using MeetingBot.LateOutcomes;
using MeetingBot.Testing;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace MeetingBot.Tests.State.Cluster;

/// <summary>Every rule of the <see cref="Contracts.LateOutcomeRecordsContract"/>, for <see cref="RedisLateOutcomeRecords"/>, with several store instances standing for replicas on a Redis Cluster of three masters.</summary>
[Collection(OnRedisCluster.Name)]
public sealed class RedisLateOutcomeRecordsOnClusterContractTests(RedisCluster cluster) : RedisLateOutcomeRecordsContractTests(cluster);

/// <summary>
/// <see cref="RedisLateOutcomeRecords"/> on a Redis Cluster of three masters: a record and its shard's leases set share
/// a slot, so opening, renewing, claiming and closing stay atomic, and the shards spread over the masters.
/// </summary>
[Collection(OnRedisCluster.Name)]
public sealed class LateOutcomeRecordsOnClusterTests(RedisCluster cluster) : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 15, 0, 0, TimeSpan.Zero);
    private static readonly LateOutcomeCodec Codec = new([new BotFrameworkAddressFormat(), new SlackAddressFormat()]);
    private readonly FakeTimeProvider _time = new(Start);
    private ConnectionMultiplexer? _redis;
    private RedisDataProtection? _keys;

    public async Task InitializeAsync()
    {
        _redis = await cluster.EmptyAndConnectAsync();
        _keys = await RedisDataProtection.StartAsync(_redis);
    }

    public async Task DisposeAsync()
    {
        await _keys!.DisposeAsync();
        await _redis!.DisposeAsync();
    }

    [Fact]
    public async Task A_dead_owners_records_are_each_claimed_by_exactly_one_of_five_replicas_with_their_outcome()
    {
        var dead = NewReplica();
        var ids = Enumerable.Range(0, 12).Select(i => $"record-{i}").ToList();
        foreach (var id in ids)
        {
            await dead.OpenAsync(Record(id), CancellationToken.None);
        }

        await dead.RecordOutcomeAsync(ids[0], new RestartReply("986030666"), CancellationToken.None);
        var survivors = Enumerable.Range(0, 5).Select(_ => NewReplica()).ToList();

        _time.Advance(LateOutcomeLease.Duration);
        var claims = (await Task.WhenAll(survivors.Select(survivor => survivor.ClaimOrphansAsync(LateOutcomeLease.ClaimsPerSweep)))).SelectMany(claimed => claimed).ToList();

        Assert.Equal(ids.Order(StringComparer.Ordinal), claims.Select(claim => claim.Record.Id).Order(StringComparer.Ordinal));
        Assert.IsType<RestartReply>(claims.Single(claim => claim.Record.Id == ids[0]).Outcome);
        Assert.Equal(ids.Count, survivors.Sum(survivor => survivor.Owned.Count));
        await dead.RenewAsync();
        Assert.Empty(dead.Owned);
    }

    [Fact]
    public async Task A_renewed_record_is_never_claimed_and_a_closed_one_is_gone_with_its_lease()
    {
        var owner = NewReplica();
        var other = NewReplica();
        await owner.OpenAsync(Record("kept"), CancellationToken.None);
        await owner.OpenAsync(Record("closed"), CancellationToken.None);
        await owner.CloseAsync("closed", CancellationToken.None);

        for (var renewal = 0; renewal < 6; renewal++)
        {
            _time.Advance(LateOutcomeLease.RenewEvery);
            await owner.RenewAsync();
            Assert.Empty(await other.ClaimOrphansAsync(LateOutcomeLease.ClaimsPerSweep));
        }

        var database = _redis!.GetDatabase();
        Assert.Equal(["kept"], owner.Owned);
        Assert.False(await database.KeyExistsAsync(RedisLateOutcomeRecords.RecordKey("closed")));
        Assert.Null(await database.SortedSetScoreAsync(RedisLateOutcomeRecords.LeasesKey("closed"), "closed"));
        Assert.NotNull(await database.SortedSetScoreAsync(RedisLateOutcomeRecords.LeasesKey("kept"), "kept"));
    }

    [Fact]
    public async Task Records_spread_over_every_master_each_in_the_slot_of_its_leases_set()
    {
        var replica = NewReplica();
        var ids = Enumerable.Range(0, 40).Select(i => Guid.NewGuid().ToString("N")).ToList();
        foreach (var id in ids)
        {
            await replica.OpenAsync(Record(id), CancellationToken.None);
        }

        Assert.All(ids, id => Assert.Equal(_redis!.HashSlot(RedisLateOutcomeRecords.LeasesKey(id)), _redis.HashSlot(RedisLateOutcomeRecords.RecordKey(id))));
        Assert.All(await cluster.KeysPerMasterAsync(), count => Assert.True(count > 0, "a master holds no late outcome record"));
    }

    private RedisLateOutcomeRecords NewReplica() => new(_redis!, _keys!.Provider, _keys.Keys, Codec, _time, NullLogger<RedisLateOutcomeRecords>.Instance);

    private static LateOutcomeRecord Record(string id) => new(id, "msteams", "986030666", Start, new BotFrameworkAddress(
        new ConversationReference
        {
            ChannelId = "msteams",
            ServiceUrl = "https://smba.trafficmanager.net/emea/",
            Conversation = new ConversationAccount(id: "a:conversation-1", tenantId: "tenant-1"),
            User = new ChannelAccount("29:user-1", "Ada Lovelace"),
            Bot = new ChannelAccount("28:bot", "MeetingBot"),
        },
        "card-7",
        "en"));
}
