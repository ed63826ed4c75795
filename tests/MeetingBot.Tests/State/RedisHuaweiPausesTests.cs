using System.Net;
using MeetingBot.Meetings.Protection;
using MeetingBot.State.HuaweiPauses;
using MeetingBot.Tests.State.Contracts;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace MeetingBot.Tests.State;

/// <summary>
/// <see cref="HuaweiPausesContract"/> on <see cref="RedisHuaweiPauses"/>, as replicas (each its own connection and
/// pauses, started) sharing a single redis-server (<see cref="RedisHuaweiPausesTests"/>) or a cluster
/// (<see cref="Cluster.RedisHuaweiPausesOnClusterContractTests"/>).
/// </summary>
public abstract class RedisHuaweiPausesContractTests(ISharedRedis redis) : HuaweiPausesContract, IAsyncLifetime
{
    private readonly List<ConnectionMultiplexer> _connections = [];
    private readonly List<RedisHuaweiPauses> _replicas = [];

    /// <summary>Each replica's connection, in the order the replicas were started.</summary>
    protected IReadOnlyList<ConnectionMultiplexer> Connections => _connections;

    public Task InitializeAsync() => redis.FlushAsync();

    public async Task DisposeAsync()
    {
        foreach (var replica in _replicas)
        {
            await replica.StopAsync(CancellationToken.None);
        }

        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }

    protected override async Task<IHuaweiPauses> PausesAsync(Replica replica) => await StartReplicaAsync();

    private async Task<RedisHuaweiPauses> StartReplicaAsync()
    {
        var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        _connections.Add(connection);
        var pauses = new RedisHuaweiPauses(connection, Time, NullLogger<RedisHuaweiPauses>.Instance);
        await pauses.StartAsync(CancellationToken.None);
        _replicas.Add(pauses);
        return pauses;
    }
}

/// <summary>
/// <see cref="HuaweiPausesContract"/> on <see cref="RedisHuaweiPauses"/> with a real redis-server, as replicas (each its
/// own connection and pauses, started) sharing it; below it, what only Redis does: a replica started after a pause reads
/// it, and the pauses' key expires with them.
/// </summary>
public sealed class RedisHuaweiPausesTests(RedisServer server) : RedisHuaweiPausesContractTests(server), IClassFixture<RedisServer>
{
    [Fact]
    public async Task A_replica_that_starts_after_the_hold_reads_it_and_the_hold_key_expires_with_it()
    {
        var a = await GateAsync(Replica.A);
        using var exhausted = new HttpResponseMessage(HttpStatusCode.OK);
        exhausted.Headers.TryAddWithoutValidation("X-APIG-Ratelimit-User", "remain:0,limit:100,time:1 minute");
        await a.ObserveAsync(Start, exhausted);

        var late = await LateGateAsync();

        Assert.NotNull(late.HeldFor(Auth));
        Assert.Equal(a.HeldFor(Auth), late.HeldFor(Auth));
        var timeToLive = await Connections[0].GetDatabase().KeyTimeToLiveAsync(RedisHuaweiPauses.PausesKey);
        Assert.NotNull(timeToLive);
        Assert.InRange(timeToLive.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task A_replica_that_starts_after_a_shorter_hold_followed_a_longer_one_reads_the_longer()
    {
        var (a, b) = (await GateAsync(Replica.A), await GateAsync(Replica.B));
        using var longHold = TooManyRequests(retryAfterSeconds: 120);
        using var shortHold = TooManyRequests(retryAfterSeconds: 5);

        await a.ObserveAsync(Start, longHold);
        await Poll.UntilAsync(() => b.HeldFor(Start) is not null, TimeSpan.FromSeconds(10), "B to hear of A's hold");
        await b.ObserveAsync(Start, shortHold);
        var late = await LateGateAsync();

        Assert.Equal(TimeSpan.FromSeconds(120), late.HeldFor(Start));
    }

    /// <summary>A replica started now (every replica asked for is a new one).</summary>
    private Task<HuaweiRateLimitGate> LateGateAsync() => GateAsync(Replica.B);
}
