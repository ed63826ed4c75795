using MeetingBot.Channels.BotFramework;
using MeetingBot.Channels.Slack;
using MeetingBot.Conversation;
using MeetingBot.LateOutcomes;
using MeetingBot.Tests.State.Contracts;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace MeetingBot.Tests.State;

/// <summary>
/// <see cref="LateOutcomeRecordsContract"/> on <see cref="RedisLateOutcomeRecords"/>, with several store instances
/// standing for replicas and a fake clock, sharing a single redis-server (<see cref="RedisLateOutcomeRecordsTests"/>) or
/// a cluster (<see cref="Cluster.RedisLateOutcomeRecordsOnClusterContractTests"/>).
/// </summary>
public abstract class RedisLateOutcomeRecordsContractTests(ISharedRedis redis) : LateOutcomeRecordsContract, IAsyncLifetime
{
    protected static readonly LateOutcomeCodec Codec = new([new BotFrameworkAddressFormat(), new SlackAddressFormat()]);
    private ConnectionMultiplexer? _connection;
    private RedisDataProtection? _keys;

    protected override bool SurvivorsTakeOverOrphans => true;

    protected ConnectionMultiplexer Connection => _connection!;

    protected RedisDataProtection Keys => _keys!;

    public async Task InitializeAsync()
    {
        _connection = await redis.EmptyAndConnectAsync();
        _keys = await RedisDataProtection.StartAsync(_connection);
    }

    public async Task DisposeAsync()
    {
        await _keys!.DisposeAsync();
        await _connection!.DisposeAsync();
    }

    protected override LateOutcomeReplica NewReplica() => new RedisReplica(NewRecords());

    protected RedisLateOutcomeRecords NewRecords() => new(Connection, Keys.Provider, Keys.Keys, Codec, Time, NullLogger<RedisLateOutcomeRecords>.Instance);

    private sealed class RedisReplica(RedisLateOutcomeRecords records) : LateOutcomeReplica
    {
        public override ILateOutcomeRecords Records => records;

        public override IReadOnlyCollection<string> Holds => records.Owned;

        public override Task RenewAsync() => records.RenewAsync();

        public override Task<IReadOnlyList<OrphanedLateOutcome>> ClaimOrphansAsync() => records.ClaimOrphansAsync(LateOutcomeLease.ClaimsPerSweep);
    }
}

/// <summary>
/// <see cref="LateOutcomeRecordsContract"/> on <see cref="RedisLateOutcomeRecords"/> against a real redis-server, with
/// several store instances standing for replicas that share Redis and a fake clock; below it, what only Redis does:
/// nothing readable in clear, every key with a TTL, the owner named in the record, a record another key ring sealed
/// dropped rather than delivered.
/// </summary>
public sealed class RedisLateOutcomeRecordsTests : RedisLateOutcomeRecordsContractTests, IClassFixture<RedisServer>
{
    private readonly RedisServer _server;

    public RedisLateOutcomeRecordsTests(RedisServer server)
        : base(server) => _server = server;

    [Fact]
    public async Task An_open_record_holds_no_response_url_or_user_name_in_clear_and_every_key_expires()
    {
        var replica = NewRecords();

        await replica.OpenAsync(SlackRecord("r1"), CancellationToken.None);
        await replica.OpenAsync(TeamsRecord("r2"), CancellationToken.None);
        await replica.RecordOutcomeAsync("r1", Activated(), CancellationToken.None);

        var dump = await RedisDump.WithoutKeyRingAsync(_server.ConnectionString);
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
            var timeToLive = await Connection.GetDatabase().KeyTimeToLiveAsync(key);
            Assert.NotNull(timeToLive);
            Assert.InRange(timeToLive.Value, TimeSpan.FromMinutes(29), RedisLateOutcomeRecords.RecordLifetime);
        }
    }

    [Fact]
    public async Task A_claimed_record_names_its_new_owner_in_Redis_and_a_closed_one_is_gone_from_it()
    {
        var dead = NewRecords();
        await dead.OpenAsync(TeamsRecord("closed"), CancellationToken.None);
        await dead.OpenAsync(TeamsRecord("orphan"), CancellationToken.None);
        await dead.CloseAsync("closed", CancellationToken.None);
        await dead.RecordOutcomeAsync("closed", Activated(), CancellationToken.None);
        var survivor = NewRecords();

        Time.Advance(LateOutcomeLease.Duration);
        Assert.Single(await survivor.ClaimOrphansAsync(LateOutcomeLease.ClaimsPerSweep));

        var dump = await RedisDump.WithoutKeyRingAsync(_server.ConnectionString);
        Assert.Contains($"owner={survivor.ReplicaId}", dump[RedisLateOutcomeRecords.RecordKey("orphan").ToString()], StringComparison.Ordinal);
        Assert.DoesNotContain(RedisLateOutcomeRecords.RecordKey("closed").ToString(), dump.Keys);
    }

    [Fact]
    public async Task A_record_sealed_with_keys_this_replica_does_not_have_is_dropped_not_delivered()
    {
        var dead = NewRecords();
        await dead.OpenAsync(TeamsRecord("r1"), CancellationToken.None);

        Time.Advance(LateOutcomeLease.Duration);
        var otherKeys = new RedisLateOutcomeRecords(Connection, new EphemeralDataProtectionProvider(), Keys.Keys, Codec, Time, NullLogger<RedisLateOutcomeRecords>.Instance);

        Assert.Empty(await otherKeys.ClaimOrphansAsync(LateOutcomeLease.ClaimsPerSweep));
        Assert.Empty(await RedisDump.WithoutKeyRingAsync(_server.ConnectionString));
    }
}
