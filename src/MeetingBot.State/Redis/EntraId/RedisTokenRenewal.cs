using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace MeetingBot.State.Redis.EntraId;

/// <summary>
/// Keeps the Redis connection signed in with Microsoft Entra tokens, with no restart and no failed turn: when half of the
/// current token's life has passed it asks for a new token and, when it is new, makes it the one reconnects use
/// (<see cref="EntraIdSignIn.Use"/>) and sends <c>AUTH &lt;object id&gt; &lt;token&gt;</c> on the open connection to every
/// server (each shard of a cluster), as Microsoft.Azure.StackExchangeRedis does. Azure closes a connection whose token
/// expired; the other half of the token's life is the margin for retries.
/// <para>
/// While there is no token, the last attempt failed, Redis refused the token or a server is not connected, it asks again
/// every <see cref="RetryInterval"/>: a token Redis refuses or a connection lost to an expired token is replaced within
/// about two seconds of a good token being issued (the next attempt, then the next reconnect). The subscription connection (the Huawei pauses' channel) cannot be signed in again
/// while it is subscribed: Azure closes it when its token expires, StackExchange.Redis reconnects it at once with the new
/// token and subscribes again, and no turn uses it.
/// </para>
/// </summary>
public sealed class RedisTokenRenewal(
    EntraIdSignIn signIn,
    RedisTokenSource tokens,
    IConnectionMultiplexer redis,
    TimeProvider time,
    ILogger<RedisTokenRenewal> logger) : BackgroundService
{
    /// <summary>Between attempts while something is wrong: the reconnect interval, so a good token is used at the next reconnect.</summary>
    public static TimeSpan RetryInterval => RedisConnectionSettings.ReconnectInterval;

    private bool lastAttemptFailed;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(NextAttemptIn(), time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (!stoppingToken.IsCancellationRequested)
            {
                await RenewAsync(stoppingToken);
            }
        }
    }

    /// <summary>Half of the current token's remaining life (as MSAL refreshes), at least <see cref="RetryInterval"/>; that interval while something is wrong.</summary>
    private TimeSpan NextAttemptIn()
    {
        if (signIn.Current is not { } token || lastAttemptFailed || redis.GetServers().Any(server => !server.IsConnected))
        {
            return RetryInterval;
        }

        var half = (token.ExpiresOn - time.GetUtcNow()) / 2;
        return half > RetryInterval ? half : RetryInterval;
    }

    private async Task RenewAsync(CancellationToken stoppingToken)
    {
        RedisEntraToken token;
        try
        {
            token = await tokens.GetAsync(stoppingToken);
        }
        catch (Exception e) when (RedisTokenSource.Failed(e) && !stoppingToken.IsCancellationRequested)
        {
            logger.Log(FailureLevel(), e, "Redis: could not get a new Microsoft Entra token; the current one is valid until {ExpiresOn:O}", signIn.Current?.ExpiresOn);
            return;
        }

        if (!signIn.Use(token))
        {
            // The credential's cache answered with the token in use: nothing to sign in again with yet.
            lastAttemptFailed = false;
            return;
        }

        var servers = redis.GetServers().Where(server => server.IsConnected).ToList();
        if (servers.Count == 0)
        {
            // Every second while Redis is unreachable.
            logger.LogDebug("Redis: new Microsoft Entra token of {ObjectId} valid until {ExpiresOn:O}; the next connection signs in with it", token.ObjectId, token.ExpiresOn);
            return;
        }

        var accepted = await Task.WhenAll(servers.Select(server => SignInAgainAsync(server, token)));
        if (accepted.All(ok => ok))
        {
            Succeeded();
            logger.LogInformation(
                "Redis: new Microsoft Entra token of {ObjectId} valid until {ExpiresOn:O}; {Servers} open connection(s) signed in again with it",
                token.ObjectId, token.ExpiresOn, servers.Count);
        }
        else
        {
            logger.Log(FailureLevel(), "Redis refused the new Microsoft Entra token of {ObjectId}; open connections keep the previous one until it expires", token.ObjectId);
        }
    }

    /// <summary>False when Redis refused the token; a connection lost meanwhile signs in with it when it comes back.</summary>
    private async Task<bool> SignInAgainAsync(IServer server, RedisEntraToken token)
    {
        try
        {
            await server.ExecuteAsync("AUTH", token.ObjectId, token.Value);
            return true;
        }
        catch (RedisServerException e)
        {
            logger.LogDebug(e, "Redis {Server} refused AUTH with the new token", server.EndPoint);
            return false;
        }
        catch (Exception e) when (StateOutage.Caused(e))
        {
            logger.LogDebug(e, "Redis {Server} was lost while signing in again; it signs in with the new token when it reconnects", server.EndPoint);
            return true;
        }
    }

    private void Succeeded()
    {
        if (lastAttemptFailed)
        {
            logger.LogInformation("Redis: Microsoft Entra sign-in works again");
        }

        lastAttemptFailed = false;
    }

    /// <summary>Warning when sign-in starts failing, Debug for the attempts every second after it, until it works again.</summary>
    private LogLevel FailureLevel()
    {
        var level = lastAttemptFailed ? LogLevel.Debug : LogLevel.Warning;
        lastAttemptFailed = true;
        return level;
    }
}
