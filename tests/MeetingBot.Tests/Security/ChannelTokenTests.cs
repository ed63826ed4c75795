using System.Net;
using System.Text;
using MeetingBot.Channels.BotFramework;
using MeetingBot.Testing;
using MeetingBot.Tests.Infrastructure;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json.Linq;
using Newtonsoft.Json;

namespace MeetingBot.Tests.Security;

/// <summary>
/// Channel authentication proved with real signed tokens, once per <c>MicrosoftAppType</c> (one small subclass each):
/// a token for this bot runs the turn; a token wrong in one way (audience, lifetime, issuer, key, endorsement, service
/// URL) gets 401, runs no turn, reaches no Huawei, and leaves one Warning line without an exception, nothing at Error.
/// </summary>
public abstract class ChannelTokenTests<THost>(THost host) where THost : TokenCheckingHost
{
    private const string AnotherBot = "9c3e5f7a-1b2d-4c6e-8f0a-2b4d6f8a0c1e";

    [Theory]
    [InlineData(ActivityFixtures.TeamsPersonal)]
    [InlineData(ActivityFixtures.WebChat)]
    public async Task A_token_for_this_bot_runs_the_turn(string fixture)
    {
        var activity = Help(fixture);
        // Web Chat's with the key endorsed for Web Chat alone.
        var key = fixture == ActivityFixtures.WebChat ? host.WebChatKey : host.ChannelKey;

        await AssertAcceptedAsync(activity, host.TokenFor(activity).BearerSignedBy(key));
    }

    /// <param name="reason">What the warning names: the SDK's sentence, or the token library's exception.</param>
    [Theory]
    [InlineData("audience of another bot", "Invalid AppId passed on token: " + AnotherBot)]
    [InlineData("expired", "The token has expired")]
    [InlineData("not yet valid", "SecurityTokenNotYetValidException")]
    [InlineData("wrong issuer", "No valid identity")]
    [InlineData("signed by a key not in the set", "SecurityTokenSignatureKeyNotFoundException")]
    [InlineData("for a channel its key is not endorsed for", "Could not validate endorsement for key")]
    [InlineData("for another service URL", "serviceurl claim mismatch")]
    public async Task A_token_wrong_in_one_way_gets_401_runs_no_turn_reaches_no_Huawei_and_logs_one_warning_without_a_stack_trace(string wrong, string reason)
    {
        var activity = Activate(ActivityFixtures.TeamsPersonal);
        var token = host.TokenFor(activity);
        using var unpublished = SigningKey.Create("msteams", "webchat");
        var authorization = wrong switch
        {
            "audience of another bot" => (token with { Audience = AnotherBot }).BearerSignedBy(host.ChannelKey),
            // Beyond the five minutes of clock skew the SDK allows.
            "expired" => (token with { NotBefore = DateTimeOffset.UtcNow.AddHours(-2), Expires = DateTimeOffset.UtcNow.AddMinutes(-10) }).BearerSignedBy(host.ChannelKey),
            "not yet valid" => (token with { NotBefore = DateTimeOffset.UtcNow.AddMinutes(10) }).BearerSignedBy(host.ChannelKey),
            "wrong issuer" => (token with { Issuer = host.Issuer.Issuer + "-other" }).BearerSignedBy(host.ChannelKey),
            "signed by a key not in the set" => token.BearerSignedBy(unpublished),
            "for a channel its key is not endorsed for" => token.BearerSignedBy(host.WebChatKey),
            "for another service URL" => (token with { ServiceUrl = "https://smba.trafficmanager.net/emea/" }).BearerSignedBy(host.ChannelKey),
            _ => throw new ArgumentOutOfRangeException(nameof(wrong), wrong, null),
        };

        await AssertRefusedAsync(activity, authorization, reason);
    }

    protected THost Host => host;

    /// <summary>A message asking for help, whose answer comes back in the HTTP response (expectReplies).</summary>
    protected JObject Help(string fixture)
    {
        var activity = host.Conversation(fixture).NewActivity();
        activity["text"] = "help";
        activity["deliveryMode"] = DeliveryModes.ExpectReplies;
        return activity;
    }

    /// <summary>A message that would activate a meeting at Huawei if its turn ran.</summary>
    protected JObject Activate(string fixture)
    {
        var activity = Help(fixture);
        activity["text"] = "activate 986030665 123456";
        return activity;
    }

    protected async Task AssertAcceptedAsync(JObject activity, string authorization)
    {
        var turns = host.Turns.Count;
        var logged = host.Logs.GetSnapshot().Count;

        using var response = await PostAsync(activity, authorization);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {body}\n{host.AllLogText()}");
        Assert.Equal(turns + 1, host.Turns.Count);
        Assert.NotEmpty(JsonConvert.DeserializeObject<ExpectedReplies>(body)!.Activities);
        Assert.DoesNotContain(host.Logs.GetSnapshot().Skip(logged), record => record.Level >= LogLevel.Warning);
    }

    protected async Task AssertRefusedAsync(JObject activity, string authorization, string reason)
    {
        var turns = host.Turns.Count;
        var starts = host.Simulator.StartRequests;
        var logged = host.Logs.GetSnapshot().Count;

        using var response = await PostAsync(activity, authorization);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(turns, host.Turns.Count);
        Assert.Equal(starts, host.Simulator.StartRequests);
        var loud = host.Logs.GetSnapshot().Skip(logged).Where(record => record.Level >= LogLevel.Warning).ToList();
        var warning = Assert.Single(loud);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Equal(typeof(MeetingBotAdapter).FullName, warning.Category);
        Assert.Null(warning.Exception);
        Assert.StartsWith("Refused a msteams message activity with 401: " + reason, warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', warning.Message);
    }

    private Task<HttpResponseMessage> PostAsync(JObject activity, string authorization)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(activity.ToString(Formatting.None), Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return host.Http.SendAsync(request);
    }
}

/// <summary>A bot bound to one tenant also refuses a token that names another tenant.</summary>
public abstract class TenantBoundChannelTokenTests<THost>(THost host) : ChannelTokenTests<THost>(host) where THost : TokenCheckingHost
{
    [Fact]
    public async Task A_token_naming_the_bots_tenant_runs_the_turn()
    {
        var activity = Help(ActivityFixtures.TeamsPersonal);

        await AssertAcceptedAsync(activity, (Host.TokenFor(activity) with { TenantId = TokenCheckingHost.TenantId }).BearerSignedBy(Host.ChannelKey));
    }

    [Fact]
    public async Task A_token_naming_another_tenant_gets_401_runs_no_turn_reaches_no_Huawei_and_logs_one_warning_without_a_stack_trace()
    {
        var activity = Activate(ActivityFixtures.TeamsPersonal);

        await AssertRefusedAsync(
            activity,
            (Host.TokenFor(activity) with { TenantId = "0d2f4b6c-8e0a-4c2e-9f1b-3d5f7a9c1e3b" }).BearerSignedBy(Host.ChannelKey),
            "The token's tenant (tid) is not MicrosoftAppTenantId.");
    }
}

public sealed class MultiTenantChannelTokenTests(MultiTenantHost host)
    : ChannelTokenTests<MultiTenantHost>(host), IClassFixture<MultiTenantHost>;

public sealed class SingleTenantChannelTokenTests(SingleTenantHost host)
    : TenantBoundChannelTokenTests<SingleTenantHost>(host), IClassFixture<SingleTenantHost>;

public sealed class ManagedIdentityChannelTokenTests(ManagedIdentityHost host)
    : TenantBoundChannelTokenTests<ManagedIdentityHost>(host), IClassFixture<ManagedIdentityHost>;
