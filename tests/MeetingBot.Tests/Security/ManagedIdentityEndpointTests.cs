using System.Globalization;
using System.Net;
using System.Text.Json;
using MeetingBot.Testing;
using Microsoft.Extensions.Time.Testing;

namespace MeetingBot.Tests.Security;

/// <summary>
/// The managed identity stand-in keeps the App Service / Container Apps protocol that MSAL and Azure.Identity speak (the
/// bot's own use of it is proved in <see cref="ManagedIdentityTests"/>): tokens for the requested resource or scope, with
/// the configured lifetime and <c>oid</c>, only for requests carrying its secret, every request recorded.
/// </summary>
public sealed class ManagedIdentityEndpointTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task Issues_a_token_for_the_requested_resource_with_the_configured_lifetime_and_object_id_and_records_the_request()
    {
        await using var endpoint = await ManagedIdentityEndpoint.StartAsync(new FakeTimeProvider(Now));
        endpoint.TokenLifetime = TimeSpan.FromMinutes(5);
        endpoint.ObjectId = "5f1d3b7a-9c2e-4a6b-8d0f-1e3a5c7b9d2f";

        var (status, body) = await AskAsync(endpoint, "resource=https://redis.azure.com&client_id=client-1", withSecret: true);

        Assert.Equal(HttpStatusCode.OK, status);
        var token = body.GetProperty("access_token").GetString()!;
        var expiresOn = Now.AddMinutes(5).ToUnixTimeSeconds();
        Assert.Equal(expiresOn.ToString(CultureInfo.InvariantCulture), body.GetProperty("expires_on").GetString());
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        Assert.True(endpoint.SigningKey.HasSigned(token));
        var claims = SigningKey.Claims(token);
        Assert.Equal("https://redis.azure.com", claims.GetProperty("aud").GetString());
        Assert.Equal("5f1d3b7a-9c2e-4a6b-8d0f-1e3a5c7b9d2f", claims.GetProperty("oid").GetString());
        Assert.Equal("client-1", claims.GetProperty("appid").GetString());
        Assert.Equal(endpoint.TenantId, claims.GetProperty("tid").GetString());
        Assert.Equal(expiresOn, claims.GetProperty("exp").GetInt64());
        var request = Assert.Single(endpoint.Requests);
        Assert.Equal(new ManagedIdentityTokenRequest("https://redis.azure.com", "client-1", null, null, true, token, Now.AddMinutes(5)), request);
    }

    [Fact]
    public async Task A_scope_asks_for_the_resource_it_names()
    {
        await using var endpoint = await ManagedIdentityEndpoint.StartAsync();

        var (status, body) = await AskAsync(endpoint, "scope=https://redis.azure.com/.default&object_id=object-1", withSecret: true);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("https://redis.azure.com", SigningKey.Claims(body.GetProperty("access_token").GetString()!).GetProperty("aud").GetString());
        Assert.Equal(("https://redis.azure.com", "object-1"), (endpoint.Requests[0].Resource, endpoint.Requests[0].ObjectId));
    }

    [Fact]
    public async Task A_request_without_the_identity_header_gets_401_and_no_token_and_is_recorded()
    {
        await using var endpoint = await ManagedIdentityEndpoint.StartAsync();

        var (status, body) = await AskAsync(endpoint, "resource=https://redis.azure.com", withSecret: false);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.False(body.TryGetProperty("access_token", out _));
        var request = Assert.Single(endpoint.Requests);
        Assert.False(request.SecretMatched);
        Assert.Null(request.AccessToken);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> AskAsync(ManagedIdentityEndpoint endpoint, string query, bool withSecret)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{endpoint.Endpoint}?api-version={ManagedIdentityEndpoint.ApiVersion}&{query}");
        if (withSecret)
        {
            request.Headers.Add("X-IDENTITY-HEADER", endpoint.Secret);
        }

        using var response = await http.SendAsync(request);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }
}
