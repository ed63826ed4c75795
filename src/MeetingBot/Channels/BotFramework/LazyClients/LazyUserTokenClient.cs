using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;

namespace MeetingBot.Channels.BotFramework.LazyClients;

/// <summary>A <see cref="UserTokenClient"/> that creates the real one on first use (see <see cref="LazyClientsAuthentication"/>).</summary>
public sealed class LazyUserTokenClient(Func<Task<UserTokenClient>> create) : UserTokenClient
{
    private readonly Lazy<Task<UserTokenClient>> client = new(create);

    /// <summary>Whether the real client was created (tests).</summary>
    public bool IsCreated => client.IsValueCreated;

    public override async Task<TokenResponse> GetUserTokenAsync(string userId, string connectionName, string channelId, string magicCode, CancellationToken cancellationToken) =>
        await (await client.Value).GetUserTokenAsync(userId, connectionName, channelId, magicCode, cancellationToken);

    public override async Task<SignInResource> GetSignInResourceAsync(string connectionName, Activity activity, string finalRedirect, CancellationToken cancellationToken) =>
        await (await client.Value).GetSignInResourceAsync(connectionName, activity, finalRedirect, cancellationToken);

    public override async Task SignOutUserAsync(string userId, string connectionName, string channelId, CancellationToken cancellationToken) =>
        await (await client.Value).SignOutUserAsync(userId, connectionName, channelId, cancellationToken);

    public override async Task<TokenStatus[]> GetTokenStatusAsync(string userId, string channelId, string includeFilter, CancellationToken cancellationToken) =>
        await (await client.Value).GetTokenStatusAsync(userId, channelId, includeFilter, cancellationToken);

    public override async Task<Dictionary<string, TokenResponse>> GetAadTokensAsync(string userId, string connectionName, string[] resourceUrls, string channelId, CancellationToken cancellationToken) =>
        await (await client.Value).GetAadTokensAsync(userId, connectionName, resourceUrls, channelId, cancellationToken);

    public override async Task<TokenResponse> ExchangeTokenAsync(string userId, string connectionName, string channelId, TokenExchangeRequest exchangeRequest, CancellationToken cancellationToken) =>
        await (await client.Value).ExchangeTokenAsync(userId, connectionName, channelId, exchangeRequest, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing && client.IsValueCreated && client.Value.IsCompletedSuccessfully)
        {
            client.Value.Result.Dispose(); // completed successfully: does not block
        }

        base.Dispose(disposing);
    }
}
