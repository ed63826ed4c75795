using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace MeetingBot.Hosting;

/// <summary>
/// Redis in <c>/health/ready</c>: ready when every master the connection uses answers <c>PING</c> (the one server, or
/// each master of a cluster, as StackExchange.Redis found them), not ready when any of them does not, since the keys it
/// serves (a share of the users and conversations) could not be served. A master replaced by its replica after a
/// failover no longer counts once the cluster's slot map says so. Not AspNetCore.HealthChecks.Redis: on a cluster
/// it sends <c>CLUSTER INFO</c> to each server, which StackExchange.Redis refuses without admin mode, so a replica on a
/// cluster was never ready.
/// </summary>
internal sealed class RedisReadiness(IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var masters = Masters();
        if (masters.Count == 0)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "no Redis server known");
        }

        var silent = (await Task.WhenAll(masters.Select(async master => await AnswersAsync(master) ? null : EndPointCollection.ToString(master.EndPoint))))
            .OfType<string>()
            .ToList();
        return silent.Count == 0
            ? HealthCheckResult.Healthy($"{masters.Count} Redis master(s) answer PING")
            : new HealthCheckResult(context.Registration.FailureStatus, $"Redis master(s) not answering PING: {string.Join(", ", silent)}");
    }

    /// <summary>
    /// On a cluster, the masters that serve slots in the cluster's own map (as a connected node last told it): a master
    /// that failed and was replaced serves none, so it no longer counts. Otherwise every server not known as a replica.
    /// </summary>
    private List<IServer> Masters()
    {
        var servers = redis.GetServers();
        var slotMap = servers.Where(server => server.IsConnected).Select(server => server.ClusterConfiguration).FirstOrDefault(map => map is not null);
        return slotMap is null
            ? [.. servers.Where(server => !server.IsReplica)]
            : [.. slotMap.Nodes.Where(node => !node.IsReplica && node.Slots.Count > 0 && node.EndPoint is not null).Select(node => redis.GetServer(node.EndPoint!))];
    }

    private static async Task<bool> AnswersAsync(IServer master)
    {
        try
        {
            await master.PingAsync();
            return true;
        }
        catch (RedisException)
        {
            return false; // not connected (fail-fast), timed out, or refused: a Redis outage, not a bug
        }
    }
}
