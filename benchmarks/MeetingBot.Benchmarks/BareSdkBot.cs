using System.Net.Http.Json;
using MeetingBot.Meetings.Huawei;
using MeetingBot.Sandbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json.Linq;

namespace MeetingBot.Benchmarks;

/// <summary>
/// The anchors: the bare Bot Framework SDK doing MeetingBot's work, written the way the SDK's samples are
/// (a <see cref="CloudAdapter"/>, an <see cref="ActivityHandler"/>, a card parsed from its JSON per turn).
/// Anchor A answers any message with one Adaptive Card; anchor B, for "activate ID password", first makes one JSON POST
/// over loopback to a stub start endpoint (a Huawei simulator of its own, with a token fetched once at startup), then
/// answers its card with the region IP. The cards are MeetingBot's own help and result cards as they went over the wire,
/// so both sides send the same bytes.
/// </summary>
internal static class BareSdkBot
{
    public const string RegionIpPlaceholder = "{regionIP}";

    public static async Task<WebApplication> StartAsync(string[] args, HuaweiSimulator stub, string helpCardJson, string resultCardJson)
    {
        var accessToken = await SignInOnceAsync(stub);
        var builder = WebApplication.CreateBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddHttpClient(AnchorBot.StubClient, http =>
        {
            http.BaseAddress = stub.BaseUrl;
            http.DefaultRequestHeaders.Add("X-Access-Token", accessToken);
        });
        builder.Services.AddSingleton<BotFrameworkAuthentication, ConfigurationBotFrameworkAuthentication>();
        builder.Services.AddSingleton<IBotFrameworkHttpAdapter>(provider => new CloudAdapter(
            provider.GetRequiredService<BotFrameworkAuthentication>(), provider.GetRequiredService<ILogger<CloudAdapter>>()));
        builder.Services.AddSingleton(new AnchorCards(helpCardJson, resultCardJson));
        builder.Services.AddTransient<IBot, AnchorBot>();
        var app = builder.Build();
        app.MapPost("/api/messages", (HttpRequest request, HttpResponse response, IBotFrameworkHttpAdapter adapter, IBot bot, CancellationToken cancellationToken) =>
            adapter.ProcessAsync(request, response, bot, cancellationToken));
        await app.StartAsync();
        return app;
    }

    /// <summary>One App ID sign-in, so that every turn of anchor B makes exactly one upstream call, as a cached token does.</summary>
    public static async Task<string> SignInOnceAsync(HuaweiSimulator stub)
    {
        var appId = stub.Options.AppId;
        const string userId = "anchor-user";
        var expireTime = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds();
        var nonce = AppAuthSignature.NewNonce();
        var signature = AppAuthSignature.Compute(appId, userId, expireTime, nonce, stub.Options.AppKey);
        using var http = new HttpClient { BaseAddress = stub.BaseUrl };
        using var request = new HttpRequestMessage(HttpMethod.Post, HuaweiSimulator.AppAuthPath)
        {
            Content = JsonContent.Create(new { appId, clientType = 72, expireTime, nonce, userId }),
        };
        request.Headers.TryAddWithoutValidation("Authorization", $"{AppAuthSignature.Scheme} {AppAuthSignature.AuthorizationParameter(appId, signature)}");
        request.Headers.Add("X-Token-Type", "LongTicket");
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<AuthAnswer>();
        return body?.AccessToken ?? throw new InvalidOperationException("The stub answered no access token.");
    }

    private sealed record AuthAnswer(string? AccessToken);

    private sealed record AnchorCards(string Help, string Result);

    private sealed record StartAnswer(string? RegionIP);

    private sealed class AnchorBot(IHttpClientFactory httpClients, AnchorCards cards) : ActivityHandler
    {
        public const string StubClient = "stub";

        protected override async Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turnContext, CancellationToken cancellationToken)
        {
            var words = (turnContext.Activity.Text ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var card = words is ["activate", var meetingId, var password]
                ? cards.Result.Replace(RegionIpPlaceholder, await StartAsync(meetingId, password, cancellationToken), StringComparison.Ordinal)
                : cards.Help;
            await turnContext.SendActivityAsync(
                MessageFactory.Attachment(new Attachment { ContentType = "application/vnd.microsoft.card.adaptive", Content = JObject.Parse(card) }),
                cancellationToken);
        }

        private async Task<string> StartAsync(string meetingId, string password, CancellationToken cancellationToken)
        {
            using var response = await httpClients.CreateClient(StubClient).PostAsJsonAsync(
                HuaweiSimulator.StartConferencePath, new { conferenceID = meetingId, password }, cancellationToken);
            response.EnsureSuccessStatusCode();
            var answer = await response.Content.ReadFromJsonAsync<StartAnswer>(cancellationToken);
            return answer?.RegionIP ?? throw new InvalidOperationException("The stub answered no region IP.");
        }
    }
}
