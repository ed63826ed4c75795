using System.Net;
using System.Text;
using MeetingBot.Cards;
using MeetingBot.Sandbox;
using MeetingBot.Testing;
using MeetingBot.Tests.Infrastructure;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace MeetingBot.Tests.Security;

/// <summary>
/// Issue 21, the bot as a user-assigned managed identity, on the built bot started in Production (<see cref="BotProcess"/>):
/// <c>MicrosoftAppType=UserAssignedMSI</c>, the identity's client id as <c>MicrosoftAppId</c>, its tenant, no password,
/// and <c>IDENTITY_ENDPOINT</c>/<c>IDENTITY_HEADER</c> pointing at a stand-in for the managed identity endpoint
/// (<see cref="ManagedIdentityEndpoint"/>), as Container Apps and App Service set them. Channel tokens come from a local
/// issuer (<see cref="LocalOpenIdIssuer"/>), Huawei is the sandbox simulator, the Bot Connector a loopback listener.
/// Every listener and the process are stopped by the test.
/// </summary>
public sealed class ManagedIdentityTests
{
    [Fact]
    public async Task A_late_Teams_outcome_reaches_the_connector_with_a_bearer_token_from_the_managed_identity_endpoint()
    {
        var clientId = Guid.NewGuid().ToString();
        using var channelKey = SigningKey.Create("msteams");
        await using var issuer = await LocalOpenIdIssuer.StartAsync(channelKey);
        await using var identity = await ManagedIdentityEndpoint.StartAsync();
        // Slower than the Teams reply budget below: the card answers "activating…", the outcome follows on its own.
        await using var huawei = new HuaweiSimulator(new HuaweiSimulatorOptions { SlowMeetingDelay = TimeSpan.FromSeconds(3) });
        await huawei.StartAsync();
        await using var connector = await ConnectorListener.StartAsync();
        var settings = new Dictionary<string, string>(ChannelToken.SettingsFor(issuer)) { ["Bot:InvokeReplyBudget"] = "00:00:00.500" };
        var environment = new Dictionary<string, string>(identity.EnvironmentVariables)
        {
            ["MicrosoftAppType"] = "UserAssignedMSI",
            ["MicrosoftAppId"] = clientId,
            ["MicrosoftAppTenantId"] = identity.TenantId,
            ["HuaweiMeeting__BaseUrl"] = huawei.BaseUrl.ToString(),
            ["HuaweiMeeting__AppId"] = huawei.Options.AppId,
            ["HuaweiMeeting__AppKey"] = huawei.Options.AppKey,
        };
        await using var bot = await BotProcess.StartAsync(settings, environment, hostEnvironment: "Production");
        using var http = new HttpClient { BaseAddress = bot.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var card = $"card-{Guid.NewGuid():N}";
        var click = SlowMeetingClick(connector.ServiceUrl, card);
        var token = new ChannelToken(issuer.Issuer, clientId, connector.ServiceUrl.ToString()).BearerSignedBy(channelKey);

        using var answer = await PostAsync(http, click, token);
        var update = await connector.WaitForAsync(
            call => call.Method == "PUT" && call.Path.EndsWith($"/activities/{card}", StringComparison.Ordinal), TimeSpan.FromSeconds(60));

        var answered = await answer.Content.ReadAsStringAsync();
        Assert.True(answer.StatusCode == HttpStatusCode.OK, $"{(int)answer.StatusCode} {answered}\n{bot.Output}");
        Assert.Contains($"Activating meeting {HuaweiSimulatorOptions.SlowMeetingId}", answered, StringComparison.Ordinal);
        Assert.Contains(HuaweiSimulatorOptions.SlowRegionIp, update.Body!.ToString(), StringComparison.Ordinal);
        var issued = identity.Requests.Where(request => request.AccessToken is not null).ToList();
        Assert.NotEmpty(issued);
        Assert.All(issued, request =>
        {
            Assert.Equal(clientId, request.ClientId);
            Assert.Equal("https://api.botframework.com", request.Resource);
            Assert.True(request.SecretMatched);
        });
        Assert.Contains(update.Authorization, issued.Select(request => "Bearer " + request.AccessToken));
        Assert.All(connector.Calls, call => Assert.Contains(call.Authorization, issued.Select(request => "Bearer " + request.AccessToken)));
        Assert.DoesNotContain("fail:", bot.Output, StringComparison.Ordinal);
    }

    /// <summary>A Teams <c>Action.Execute</c> click on card <paramref name="cardId"/> activating the sandbox's slow meeting.</summary>
    private static JObject SlowMeetingClick(Uri serviceUrl, string cardId)
    {
        var activity = ActivityFixtures.Load(ActivityFixtures.TeamsInvoke);
        activity["id"] = $"invoke-{Guid.NewGuid():N}";
        activity["serviceUrl"] = serviceUrl.ToString();
        activity["conversation"]!["id"] = $"a:managed-identity-{Guid.NewGuid():N}";
        activity["from"]!["id"] = $"29:managed-identity-{Guid.NewGuid():N}";
        ((JObject)activity["from"]!).Remove("aadObjectId");
        activity["name"] = "adaptiveCard/action";
        activity["replyToId"] = cardId;
        activity["value"] = new JObject
        {
            ["action"] = new JObject
            {
                ["type"] = "Action.Execute",
                ["verb"] = CardVerbs.Activate,
                ["data"] = new JObject
                {
                    [CardData.Verb] = CardVerbs.Activate,
                    [CardInputs.MeetingId] = HuaweiSimulatorOptions.SlowMeetingId,
                    [CardInputs.Password] = HuaweiSimulatorOptions.DemoPassword,
                },
            },
            ["trigger"] = "manual",
        };
        return activity;
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, JObject activity, string authorization)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(activity.ToString(Formatting.None), Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return http.SendAsync(request);
    }
}
