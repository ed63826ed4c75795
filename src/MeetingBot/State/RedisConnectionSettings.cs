using StackExchange.Redis;

namespace MeetingBot.State;

/// <summary>
/// How the one shared Redis connection behaves when Redis goes away. A chat turn must answer within Teams' 15 s (and
/// with "temporarily unavailable" within 3 s when Redis is down), so no Redis call may wait long; and service must come
/// back by itself within seconds of Redis returning. A setting the connection string names explicitly wins.
/// </summary>
public static class RedisConnectionSettings
{
    /// <summary>
    /// Connect, and every synchronous (Data Protection's key ring) or asynchronous command: 1 s. Redis answers in well
    /// under a millisecond on loopback and a few in the same Azure region, so a command still waiting after 1 s means
    /// Redis is not there.
    /// </summary>
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// StackExchange.Redis finds timed-out commands on its heartbeat (1 s by default): every 0.5 s, a hung Redis fails a
    /// command within about 1.5 s, leaving the turn room inside the 3 s goal (and inside Slack's reply budget).
    /// </summary>
    public static readonly TimeSpan Heartbeat = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Between reconnect attempts while Redis is away: a fixed 1 s (the library's default backs off exponentially up
    /// to 10 s, which could leave users waiting far past the 5 s after Redis returns).
    /// </summary>
    public static readonly TimeSpan ReconnectInterval = TimeSpan.FromSeconds(1);

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
