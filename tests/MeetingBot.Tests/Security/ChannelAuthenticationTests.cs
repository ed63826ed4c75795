using System.Net;
using System.Text;
using MeetingBot.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json;

namespace MeetingBot.Tests.Security;

/// <summary>With <c>MicrosoftAppId</c> set, only a valid Bot Framework token starts a turn.</summary>
public sealed class ChannelAuthenticationTests(AuthenticatingHost fixture) : IClassFixture<AuthenticatingHost>
{
    public static TheoryData<string?> RejectedAuthorizations => new()
    {
        null,
        "Bearer",
        "Bearer not-a-jwt",
        "Basic dXNlcjpwYXNz",
        // Well-formed but issued by nobody the Bot Framework trusts (refused before any key lookup).
        "Bearer " + UnsignedJwt("""{"alg":"none","typ":"JWT"}""", """{"iss":"https://evil.example","aud":"00000000-0000-0000-0000-000000000001"}"""),
        // Cut short: not a JWT at all.
        "Bearer " + UnsignedJwt("""{"alg":"RS256","typ":"JWT"}""", """{"iss":"https://api.botframework.com"}""")[..40],
    };

    [Theory]
    [MemberData(nameof(RejectedAuthorizations))]
    public async Task A_request_without_a_valid_bot_framework_token_gets_401_and_runs_no_turn(string? authorization)
    {
        var host = fixture;
        var errorsBefore = host.Logs.GetSnapshot().Count(r => r.Level >= LogLevel.Error);
        var activity = host.Conversation(ActivityFixtures.TeamsPersonal).NewActivity();
        activity["text"] = "activate 986030665 123456";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(activity.ToString(Formatting.None), Encoding.UTF8, "application/json"),
        };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await host.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, fixture.Turns.Count);
        Assert.Equal(0, host.Simulator.StartRequests);
        Assert.Equal(errorsBefore, host.Logs.GetSnapshot().Count(r => r.Level >= LogLevel.Error));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Basic dXNlcjpwYXNz")]
    public async Task A_request_with_no_bearer_token_is_refused_before_its_body_is_read_and_logs_no_error(string? authorization)
    {
        var host = fixture;
        var errorsBefore = host.Logs.GetSnapshot().Count(r => r.Level >= LogLevel.Error);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            // Not even JSON: with no token, nobody may find out what the bot thinks of the body.
            Content = new StringContent("{ not json", Encoding.UTF8, "application/json"),
        };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await host.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(errorsBefore, host.Logs.GetSnapshot().Count(r => r.Level >= LogLevel.Error));
    }

    private static string UnsignedJwt(string header, string payload) =>
        $"{Base64Url(header)}.{Base64Url(payload)}.{Base64Url("signature")}";

    private static string Base64Url(string text) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
