using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace MeetingBot.State.Redis.EntraId;

/// <summary>
/// The Microsoft Entra sign-in of the one Redis connection: the identity's object id as the user and its current token as
/// the password, set on the connection's own <see cref="ConfigurationOptions"/>, which StackExchange.Redis reads again on
/// every connect and reconnect. So a connection that drops signs in again with the newest token; the connections still
/// open are signed in again by <see cref="RedisTokenRenewal"/> before their token expires.
/// </summary>
public sealed class EntraIdSignIn(ConfigurationOptions connection, RedisTokenSource tokens, ILogger<EntraIdSignIn> logger)
{
    /// <summary>How long the starting host waits for the first token before it connects without one (and is not ready).</summary>
    public static readonly TimeSpan FirstTokenWait = TimeSpan.FromSeconds(5);

    private volatile RedisEntraToken? current;

    /// <summary>The token new connections sign in with; null until the first one came.</summary>
    public RedisEntraToken? Current => current;

    /// <summary>
    /// Gets the first token and connects with it. Synchronous, like StackExchange.Redis's <c>Connect</c> beside it: the host
    /// resolves the connection while it starts, before it takes requests. Without a token (the endpoint is down or refuses)
    /// it connects anyway: commands fail as in a Redis outage ("temporarily unavailable") until
    /// <see cref="RedisTokenRenewal"/> gets one, and the next reconnect signs in with it.
    /// </summary>
    public IConnectionMultiplexer Connect()
    {
        using (var wait = new CancellationTokenSource(FirstTokenWait))
        {
            try
            {
                var token = tokens.Get(wait.Token);
                Use(token);
                logger.LogInformation("Redis: signing in as managed identity {ObjectId} with a Microsoft Entra token valid until {ExpiresOn:O}", token.ObjectId, token.ExpiresOn);
            }
            catch (Exception e) when (RedisTokenSource.Failed(e))
            {
                logger.LogWarning(e, "Redis: no Microsoft Entra token within {Wait}; connecting without one, not ready until a token comes", FirstTokenWait);
            }
        }

        return ConnectionMultiplexer.Connect(connection);
    }

    /// <summary>Makes <paramref name="token"/> the one new connections sign in with; false when it already is.</summary>
    public bool Use(RedisEntraToken token)
    {
        if (current is { } inUse && inUse.Value == token.Value)
        {
            return false;
        }

        connection.User = token.ObjectId;
        connection.Password = token.Value;
        current = token;
        return true;
    }
}
