using MeetingBot.State.Redis.DataProtection;
using StackExchange.Redis;

namespace MeetingBot.State.Redis;

/// <summary>
/// The one place that recognises "the shared state store is unreachable": Redis down, unreachable or too slow, not read
/// yet (the Data Protection keys), or a write no replica acknowledged (it counts as not recorded). Such a
/// turn is answered "temporarily unavailable, try again shortly", not with an apology for a bug.
/// </summary>
public static class StateOutage
{
    /// <summary>
    /// Errors of a Redis Cluster between states, gone by themselves within seconds: no master serves a slot yet (a
    /// failover), keys of one command split by a slot migration, a node still loading its data, a write that reached a
    /// master just demoted to replica.
    /// </summary>
    private static readonly string[] PassingClusterStates = ["CLUSTERDOWN", "TRYAGAIN", "MASTERDOWN", "LOADING", "READONLY"];

    /// <summary>True when <paramref name="exception"/>, or one it wraps, says Redis could not be reached in time.</summary>
    public static bool Caused(Exception exception) => exception switch
    {
        RedisConnectionException or RedisTimeoutException or KeyRingUnavailableException or WriteNotReplicatedException => true,
        RedisServerException server => PassingClusterStates.Any(state => server.Message.StartsWith(state, StringComparison.Ordinal)),
        AggregateException aggregate => aggregate.InnerExceptions.Any(Caused),
        { InnerException: { } inner } => Caused(inner),
        _ => false,
    };
}
