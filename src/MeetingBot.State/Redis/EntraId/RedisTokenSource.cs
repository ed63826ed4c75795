using Azure.Core;
using Azure.Identity;

namespace MeetingBot.State.Redis.EntraId;

/// <summary>Microsoft Entra tokens for Azure Managed Redis (<see cref="Scope"/>), from a credential: the app's managed identity.</summary>
public sealed class RedisTokenSource(TokenCredential credential)
{
    /// <summary>What every Azure Managed Redis (and Azure Cache for Redis) accepts tokens for.</summary>
    public const string Scope = "https://redis.azure.com/.default";

    private static readonly TokenRequestContext Request = new([Scope]);

    /// <summary>
    /// Azure.Identity's <see cref="ManagedIdentityCredential"/>, which finds the endpoint itself (in Container Apps and App
    /// Service from <c>IDENTITY_ENDPOINT</c> and <c>IDENTITY_HEADER</c>, else IMDS): the user-assigned identity with
    /// <paramref name="clientId"/>, or the system-assigned one when it is empty.
    /// </summary>
    public static RedisTokenSource ForManagedIdentity(string? clientId) => new(new ManagedIdentityCredential(
        string.IsNullOrWhiteSpace(clientId) ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(clientId.Trim())));

    /// <summary>
    /// Azure.Identity's synchronous call, for the one place that must be synchronous: the connection made while the host
    /// starts (see <see cref="EntraIdSignIn.Connect"/>), never on a request's path.
    /// </summary>
    public RedisEntraToken Get(CancellationToken cancellationToken) => RedisEntraToken.From(credential.GetToken(Request, cancellationToken));

    public async Task<RedisEntraToken> GetAsync(CancellationToken cancellationToken) =>
        RedisEntraToken.From(await credential.GetTokenAsync(Request, cancellationToken));

    /// <summary>True for the ways getting a token fails: the endpoint refused or is unreachable, or the wait ran out.</summary>
    public static bool Failed(Exception exception) =>
        exception is AuthenticationFailedException or Azure.RequestFailedException or OperationCanceledException or HttpRequestException;
}
