using StackExchange.Redis;

namespace MeetingBot.State.Redis;

/// <summary>
/// How the one shared Redis connection behaves when Redis goes away. A chat turn must answer within Teams' 15 s (and
/// with "temporarily unavailable" within 3 s when Redis is down), so no Redis call may wait long; and service must come
/// back by itself within seconds of Redis returning. A setting the connection string names explicitly wins.
/// </summary>
public static class RedisConnectionSettings
{
    /// <summary>
    /// Connect, and every command: 1.5 s. Redis answers in well under a millisecond on loopback and a few in the same
    /// Azure region, and its answers are read by threads of the library's own (<see cref="UseOwnThreads"/>), so a command
    /// still waiting after 1.5 s means Redis is not answering, not that this process was busy. The half second over the
    /// bare minimum is for a replica with a fraction of a CPU, whose own reading threads wait for the CPU too.
    /// </summary>
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromMilliseconds(1500);

    /// <summary>
    /// StackExchange.Redis finds timed-out commands on its heartbeat (1 s by default): every 0.25 s, a frozen Redis fails
    /// a command within about 1.75 s, leaving the turn room inside the 3 s goal (and inside Slack's reply budget).
    /// </summary>
    public static readonly TimeSpan Heartbeat = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Between reconnect attempts while Redis is away: a fixed 1 s (the library's default backs off exponentially up
    /// to 10 s, which could leave users waiting far past the 5 s after Redis returns).
    /// </summary>
    public static readonly TimeSpan ReconnectInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Redis connections read and write on threads of their own instead of the thread pool (the library's
    /// <c>DedicatedThreads</c>, process-wide, before the first connection). A burst that keeps every pool thread busy (a
    /// replica that just started, on a crowded machine) would otherwise leave Redis's answers unread until their timeout,
    /// and a busy replica would tell its users that Redis is down. Costs two threads per Redis connection.
    /// </summary>
    public static void UseOwnThreads() => ConnectionMultiplexer.SetFeatureFlag("DedicatedThreads", true);

    public static ConfigurationOptions For(string connectionString)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        var milliseconds = (int)CommandTimeout.TotalMilliseconds;
        if (!Names(connectionString, "connectTimeout"))
        {
            options.ConnectTimeout = milliseconds;
        }

        if (!Names(connectionString, "syncTimeout"))
        {
            options.SyncTimeout = milliseconds;
        }

        if (!Names(connectionString, "asyncTimeout"))
        {
            options.AsyncTimeout = milliseconds;
        }

        // Start, and keep running, while Redis is away: the connection comes back by itself.
        options.AbortOnConnectFail = false;
        options.HeartbeatInterval = Heartbeat;
        options.ReconnectRetryPolicy = new LinearRetry((int)ReconnectInterval.TotalMilliseconds);
        // While no connection is up, a command fails at once instead of queueing until its timeout: the turn answers
        // "temporarily unavailable" now, and a queue of waiting turns cannot build up during an outage.
        options.BacklogPolicy = BacklogPolicy.FailFast;
        return options;
    }

    private static bool Names(string connectionString, string setting) =>
        connectionString.Split(',').Any(part => part.TrimStart().StartsWith(setting + "=", StringComparison.OrdinalIgnoreCase));
}
