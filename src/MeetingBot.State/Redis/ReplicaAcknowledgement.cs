using System.Collections.Immutable;
using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace MeetingBot.State.Redis;

/// <summary>
/// Whether a write reached a replica of its master. Redis replicates asynchronously: a master that dies right after a
/// write hands its slots to a replica that may never have received it. A write that must survive a failover (a form's
/// one use) is followed by <c>WAIT 1 <see cref="Timeout"/></c> on its master, but only when that master has replicas:
/// on a single server or a cluster without replicas there is nothing to wait for, and no extra round trip. Which
/// masters have connected replicas is asked (<c>ROLE</c>) as the host starts and again on every connection event of
/// the multiplexer (a node lost or back, the cluster's shape changed), never per turn.
/// </summary>
/// <remarks>
/// WAIT blocks its connection, which every command to that master shares, until a replica acknowledges or the timeout
/// passes: with healthy replicas that is one replication round trip; with a stuck replica each write to that master
/// holds the connection up to the timeout, and the turns behind it may time out as in any Redis outage.
/// </remarks>
public sealed class ReplicaAcknowledgement : IHostedService, IDisposable
{
    /// <summary>How long a replica has to acknowledge a write: far above a replication round trip in one region.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(500);

    private readonly IConnectionMultiplexer _redis;
    private readonly ILogger<ReplicaAcknowledgement> _logger;
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private ImmutableHashSet<EndPoint> _mastersWithReplicas = [];

    public ReplicaAcknowledgement(IConnectionMultiplexer redis, ILogger<ReplicaAcknowledgement> logger)
    {
        _redis = redis;
        _logger = logger;
        _redis.ConnectionFailed += OnConnectionEvent;
        _redis.ConnectionRestored += OnConnectionEvent;
        _redis.ConfigurationChanged += OnConfigurationChanged;
        _redis.ConfigurationChangedBroadcast += OnConfigurationChanged;
    }

    /// <summary>
    /// The master that serves <paramref name="key"/> when it has replicas to wait for; null otherwise. No round trip,
    /// and on a server or cluster without replicas (the usual case) not even the key's slot is worked out.
    /// </summary>
    public EndPoint? MasterWithReplicasOf(IDatabase database, RedisKey key)
    {
        var mastersWithReplicas = Volatile.Read(ref _mastersWithReplicas);
        return !mastersWithReplicas.IsEmpty && database.IdentifyEndpoint(key) is { } master && mastersWithReplicas.Contains(master) ? master : null;
    }

    /// <summary>True when a replica of <paramref name="master"/> acknowledged this connection's writes to it so far.</summary>
    public async Task<bool> AcknowledgedAsync(EndPoint master)
    {
        try
        {
            var replicas = await _redis.GetServer(master).ExecuteAsync("WAIT", 1, (long)Timeout.TotalMilliseconds);
            return (long)replicas >= 1;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            _logger.LogWarning(e, "Could not ask {Master} whether a replica has the write", master);
            return false;
        }
    }

    /// <summary>Asks every connected master whether it has connected replicas.</summary>
    public async Task RefreshAsync()
    {
        await _refreshing.WaitAsync();
        try
        {
            var masters = _redis.GetServers().Where(server => server.IsConnected && !server.IsReplica).ToList();
            var withReplicas = await Task.WhenAll(masters.Select(HasReplicasAsync));
            var found = masters.Where((_, i) => withReplicas[i]).Select(server => server.EndPoint).ToImmutableHashSet();
            Volatile.Write(ref _mastersWithReplicas, found);
        }
        finally
        {
            _refreshing.Release();
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => RefreshAsync();

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        _redis.ConnectionFailed -= OnConnectionEvent;
        _redis.ConnectionRestored -= OnConnectionEvent;
        _redis.ConfigurationChanged -= OnConfigurationChanged;
        _redis.ConfigurationChangedBroadcast -= OnConfigurationChanged;
        _refreshing.Dispose();
    }

    private async Task<bool> HasReplicasAsync(IServer server)
    {
        try
        {
            return await server.RoleAsync() is Role.Master { Replicas.Count: > 0 };
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            _logger.LogDebug(e, "Could not ask {Master} for its replicas", server.EndPoint);
            return false;
        }
    }

    private void OnConnectionEvent(object? sender, ConnectionFailedEventArgs e) => RefreshInBackground();

    private void OnConfigurationChanged(object? sender, EndPointEventArgs e) => RefreshInBackground();

    private void RefreshInBackground() => _ = Task.Run(async () =>
    {
        try
        {
            await RefreshAsync();
        }
        catch (ObjectDisposedException)
        {
            // The host is stopping.
        }
    });
}
