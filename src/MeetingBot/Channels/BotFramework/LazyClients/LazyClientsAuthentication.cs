using System.Security.Claims;
using Microsoft.Bot.Builder.Skills;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;

namespace MeetingBot.Channels.BotFramework.LazyClients;

/// <summary>
/// The Bot Framework authentication, except that the two REST clients the adapter builds on every turn, the
/// <see cref="UserTokenClient"/> and the <see cref="IConnectorClient"/>, are built only when something uses them.
/// MeetingBot has no OAuth sign-in, so none of its turns uses the first, and a turn answered in its HTTP response
/// (expectReplies, Teams invokes) never uses the second. Building each costs more CPU than the rest of a help turn
/// (their REST client base class compiles a regex for its user agent).
/// </summary>
public sealed class LazyClientsAuthentication(BotFrameworkAuthentication inner) : BotFrameworkAuthentication
{
    // The adapter takes an incoming turn's connector factory from the authentication result, not from CreateConnectorFactory.
    public override async Task<AuthenticateRequestResult> AuthenticateRequestAsync(Activity activity, string authHeader, CancellationToken cancellationToken) =>
        WithLazyConnector(await inner.AuthenticateRequestAsync(activity, authHeader, cancellationToken));

    public override async Task<AuthenticateRequestResult> AuthenticateStreamingRequestAsync(string authHeader, string channelIdHeader, CancellationToken cancellationToken) =>
        WithLazyConnector(await inner.AuthenticateStreamingRequestAsync(authHeader, channelIdHeader, cancellationToken));

    public override ConnectorFactory CreateConnectorFactory(ClaimsIdentity claimsIdentity) =>
        new LazyConnectorFactory(inner.CreateConnectorFactory(claimsIdentity));

    public override BotFrameworkClient CreateBotFrameworkClient() => inner.CreateBotFrameworkClient();

    public override string GetOriginatingAudience() => inner.GetOriginatingAudience();

    public override Task<ClaimsIdentity> AuthenticateChannelRequestAsync(string authHeader, CancellationToken cancellationToken) =>
        inner.AuthenticateChannelRequestAsync(authHeader, cancellationToken);

    public override Task<UserTokenClient> CreateUserTokenClientAsync(ClaimsIdentity claimsIdentity, CancellationToken cancellationToken) =>
        Task.FromResult<UserTokenClient>(new LazyUserTokenClient(() => inner.CreateUserTokenClientAsync(claimsIdentity, cancellationToken)));

    private static AuthenticateRequestResult WithLazyConnector(AuthenticateRequestResult result)
    {
        if (result.ConnectorFactory is { } factory and not LazyConnectorFactory)
        {
            result.ConnectorFactory = new LazyConnectorFactory(factory);
        }

        return result;
    }

    private sealed class LazyConnectorFactory(ConnectorFactory inner) : ConnectorFactory
    {
        public override Task<IConnectorClient> CreateAsync(string serviceUrl, string audience, CancellationToken cancellationToken) =>
            Task.FromResult<IConnectorClient>(new LazyConnectorClient(() => inner.CreateAsync(serviceUrl, audience, cancellationToken)));
    }
}
