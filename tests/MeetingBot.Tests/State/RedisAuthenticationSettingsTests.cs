using System.Text;
using Azure.Core;
using Azure.Identity;
using MeetingBot.Hosting;
using MeetingBot.State.Redis.EntraId;

namespace MeetingBot.Tests.State;

/// <summary>
/// <c>Redis:Authentication</c> and <c>Redis:ManagedIdentityClientId</c> in a combination the app cannot sign in with stop
/// startup, naming the keys (and never repeating a password); the token's object id is read from its <c>oid</c> claim.
/// </summary>
public sealed class RedisAuthenticationSettingsTests
{
    private const string Password = "s3cret-Redis-Key";

    [Fact]
    public void ManagedIdentity_with_a_password_in_the_connection_string_refuses_to_start_naming_the_keys()
    {
        var failure = BuildFails(("Redis:ConnectionString", $"127.0.0.1:1,password={Password}"), ("Redis:Authentication", "ManagedIdentity"));

        Assert.Contains("Redis:ConnectionString holds a password", failure, StringComparison.Ordinal);
        Assert.Contains("Redis:Authentication=ManagedIdentity", failure, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, failure, StringComparison.Ordinal);
    }

    [Fact]
    public void ManagedIdentity_with_a_user_in_the_connection_string_refuses_to_start_naming_the_key()
    {
        var failure = BuildFails(("Redis:ConnectionString", "127.0.0.1:1,user=someone"), ("Redis:Authentication", "ManagedIdentity"));

        Assert.Contains("Redis:ConnectionString names a user", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_authentication_refuses_to_start_naming_the_key_and_what_it_may_be()
    {
        var failure = BuildFails(("Redis:ConnectionString", "127.0.0.1:1"), ("Redis:Authentication", "EntraId"));

        Assert.Equal("Redis:Authentication is 'EntraId', which is none of AccessKey, ManagedIdentity.", failure);
    }

    [Fact]
    public void An_unknown_authentication_refuses_to_start_also_without_Redis()
    {
        var failure = BuildFails(("Redis:Authentication", "Password"));

        Assert.Contains("Redis:Authentication is 'Password'", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_managed_identity_client_id_with_AccessKey_refuses_to_start_naming_both_keys()
    {
        var failure = BuildFails(("Redis:ConnectionString", "127.0.0.1:1"), ("Redis:ManagedIdentityClientId", Guid.NewGuid().ToString()));

        Assert.Contains("Redis:ManagedIdentityClientId is set, but Redis:Authentication is AccessKey", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_managed_identity_client_id_that_is_no_GUID_refuses_to_start_naming_the_key()
    {
        var failure = BuildFails(
            ("Redis:ConnectionString", "127.0.0.1:1"), ("Redis:Authentication", "ManagedIdentity"), ("Redis:ManagedIdentityClientId", "my-identity"));

        Assert.Equal("Redis:ManagedIdentityClientId is 'my-identity', which is not a client id (a GUID).", failure);
    }

    [Theory]
    [InlineData("managedidentity")]
    [InlineData(" ManagedIdentity ")]
    public void The_authentication_is_read_without_regard_to_case_or_spaces(string authentication)
    {
        var redis = new MeetingBot.State.Redis.RedisOptions { ConnectionString = "127.0.0.1:1", Authentication = authentication };

        Assert.Equal(MeetingBot.State.Redis.RedisAuthentication.ManagedIdentity, redis.AuthenticationKind);
        Assert.Empty(redis.Problems());
    }

    [Fact]
    public void The_Redis_user_is_the_tokens_oid_claim_and_the_token_never_shows_in_its_text()
    {
        var objectId = Guid.NewGuid().ToString();
        var jwt = Jwt($$"""{"aud":"https://redis.azure.com","oid":"{{objectId}}","exp":1900000000}""");

        var token = RedisEntraToken.From(new AccessToken(jwt, DateTimeOffset.UnixEpoch.AddSeconds(1900000000)));

        Assert.Equal(objectId, token.ObjectId);
        Assert.Equal(jwt, token.Value);
        Assert.DoesNotContain(jwt, token.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not-a-jwt")]
    [InlineData("a.b.c")]
    [InlineData("""{"aud":"https://redis.azure.com"}""")]
    public void A_token_without_an_oid_claim_is_refused_without_showing_it(string tokenOrPayload)
    {
        var token = tokenOrPayload.StartsWith('{') ? Jwt(tokenOrPayload) : tokenOrPayload;

        var failure = Assert.Throws<AuthenticationFailedException>(() => RedisEntraToken.From(new AccessToken(token, DateTimeOffset.UtcNow.AddHours(1))));

        Assert.DoesNotContain(token, failure.Message, StringComparison.Ordinal);
    }

    private static string Jwt(string payload) =>
        $"{Base64Url("""{"alg":"RS256","typ":"JWT"}""")}.{Base64Url(payload)}.c2lnbmF0dXJl";

    private static string Base64Url(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string BuildFails(params (string Key, string Value)[] settings)
    {
        var failure = Assert.Throws<InvalidOperationException>(() => MeetingBotApp.Build(
            ["--urls", "http://127.0.0.1:0", "--environment", "Development", .. settings.Select(setting => $"--{setting.Key}={setting.Value}")]));
        return failure.Message;
    }
}
