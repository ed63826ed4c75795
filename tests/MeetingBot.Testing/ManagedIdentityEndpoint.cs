using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MeetingBot.Testing;

/// <summary>A token request the <see cref="ManagedIdentityEndpoint"/> served (or refused: then without a token).</summary>
/// <param name="Resource">What the token is for: <c>resource</c>, or <c>scope</c> without its <c>/.default</c>.</param>
/// <param name="ClientId">The user-assigned identity asked for by client id (<c>client_id</c>), if any.</param>
/// <param name="ObjectId">… by object id (<c>object_id</c> or <c>principal_id</c>), if any.</param>
/// <param name="ResourceId">… by Azure resource id (<c>mi_res_id</c>), if any.</param>
/// <param name="SecretMatched">Whether the request carried <c>X-IDENTITY-HEADER</c> with the endpoint's secret.</param>
/// <param name="AccessToken">The token issued; null when the request was refused.</param>
public sealed record ManagedIdentityTokenRequest(
    string? Resource, string? ClientId, string? ObjectId, string? ResourceId, bool SecretMatched, string? AccessToken, DateTimeOffset? ExpiresOn);

/// <summary>
/// Stands in for the managed identity endpoint of Azure App Service and Container Apps: a real HTTP listener on
/// 127.0.0.1 speaking their protocol (<c>GET ?api-version=2019-08-01&amp;resource=…</c> with the secret in
/// <c>X-IDENTITY-HEADER</c>), which MSAL and Azure.Identity (<c>ManagedIdentityCredential</c>) use when the process has
/// <c>IDENTITY_ENDPOINT</c> and <c>IDENTITY_HEADER</c> in its environment (<see cref="EnvironmentVariables"/>). It issues a
/// JWT for the requested resource or scope (<c>aud</c>), for the identity asked for (<c>appid</c>/<c>azp</c>: the
/// client id), with <see cref="ObjectId"/> as <c>oid</c> and <see cref="TenantId"/> as <c>tid</c>, valid for
/// <see cref="TokenLifetime"/>, signed by <see cref="SigningKey"/>; and records every request (<see cref="Requests"/>).
/// </summary>
public sealed class ManagedIdentityEndpoint : IAsyncDisposable
{
    public const string ApiVersion = "2019-08-01";

    private readonly WebApplication app;
    private readonly TimeProvider time;
    private readonly ConcurrentQueue<ManagedIdentityTokenRequest> requests = new();

    private ManagedIdentityEndpoint(WebApplication app, TimeProvider time)
    {
        this.app = app;
        this.time = time;
    }

    /// <summary><c>IDENTITY_ENDPOINT</c>: where tokens are asked for.</summary>
    public Uri Endpoint => new(app.Urls.First() + "/msi/token");

    /// <summary><c>IDENTITY_HEADER</c>: the secret a request must carry in <c>X-IDENTITY-HEADER</c>.</summary>
    public string Secret { get; } = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    /// <summary>The two variables a process needs to ask this endpoint for its tokens.</summary>
    public IReadOnlyDictionary<string, string> EnvironmentVariables => new Dictionary<string, string>
    {
        ["IDENTITY_ENDPOINT"] = Endpoint.ToString(),
        ["IDENTITY_HEADER"] = Secret,
    };

    /// <summary>How long a token issued from now on is valid.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The identity's object (principal) id: the <c>oid</c> and <c>sub</c> of tokens issued from now on.</summary>
    public string ObjectId { get; set; } = Guid.NewGuid().ToString();

    public string TenantId { get; set; } = Guid.NewGuid().ToString();

    /// <summary>Signs every token; its public part verifies them (<see cref="SigningKey.HasSigned"/>).</summary>
    public SigningKey SigningKey { get; } = SigningKey.Create();

    public IReadOnlyList<ManagedIdentityTokenRequest> Requests => [.. requests];

    public static async Task<ManagedIdentityEndpoint> StartAsync(TimeProvider? time = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var endpoint = new ManagedIdentityEndpoint(app, time ?? TimeProvider.System);
        app.MapGet("/msi/token", endpoint.IssueAsync);
        await app.StartAsync();
        return endpoint;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        SigningKey.Dispose();
    }

    private async Task IssueAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var resource = query["resource"].FirstOrDefault() ?? query["scope"].FirstOrDefault()?.Replace("/.default", string.Empty, StringComparison.Ordinal);
        var clientId = query["client_id"].FirstOrDefault();
        var objectId = query["object_id"].FirstOrDefault() ?? query["principal_id"].FirstOrDefault();
        var resourceId = query["mi_res_id"].FirstOrDefault();
        var secretMatched = context.Request.Headers["X-IDENTITY-HEADER"] == Secret;

        if (!secretMatched || query["api-version"] != ApiVersion || string.IsNullOrEmpty(resource))
        {
            requests.Enqueue(new ManagedIdentityTokenRequest(resource, clientId, objectId, resourceId, secretMatched, null, null));
            context.Response.StatusCode = secretMatched ? StatusCodes.Status400BadRequest : StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsJsonAsync(new Dictionary<string, object>
            {
                ["statusCode"] = context.Response.StatusCode,
                ["message"] = secretMatched ? $"api-version {ApiVersion} and a resource are required" : "X-IDENTITY-HEADER is missing or wrong",
            });
            return;
        }

        var now = time.GetUtcNow();
        var expiresOn = now + TokenLifetime;
        var identity = clientId ?? Guid.Empty.ToString();
        var token = SigningKey.Sign(new Dictionary<string, object>
        {
            ["aud"] = resource,
            ["iss"] = $"https://sts.windows.net/{TenantId}/",
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = expiresOn.ToUnixTimeSeconds(),
            ["appid"] = identity,
            ["azp"] = identity,
            ["idtyp"] = "app",
            ["oid"] = ObjectId,
            ["sub"] = ObjectId,
            ["tid"] = TenantId,
            ["xms_mirid"] = resourceId ?? string.Empty,
        });
        requests.Enqueue(new ManagedIdentityTokenRequest(resource, clientId, objectId, resourceId, true, token, expiresOn));
        await context.Response.WriteAsJsonAsync(new Dictionary<string, string>
        {
            ["access_token"] = token,
            ["expires_on"] = expiresOn.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            ["resource"] = resource,
            ["token_type"] = "Bearer",
            ["client_id"] = identity,
        });
    }
}
