using System.Net.Http.Json;
using MeetingBot.Cards;
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
/// (a <see cref="CloudAdapter"/>, an <see cref="ActivityHandler"/>, a card parsed from its JSON per turn), with a token
/// fetched once at startup from a Huawei simulator of its own (the stub), so that each turn makes only the calls a
/// cached token leaves. Anchor A answers any message with one Adaptive Card. Anchor B, for "activate ID password",
/// first makes one JSON POST to the stub's start, then answers its card with the region IP. Anchor C, for "meetings",
/// GETs the stub's meeting list (SearchMeetings) and reads it before answering its list card. Anchor D, for a one-click
/// Activate (a card submit with the meeting ID only), GETs the meeting's details, takes the host password from them and
/// POSTs the start with it, then answers its card with the region IP: MeetingBot's two calls. The cards are MeetingBot's
/// own as they went over the wire, so both sides send the same bytes.
/// </summary>
internal static class BareSdkBot
{
    public const string RegionIpPlaceholder = "{regionIP}";

    public static async Task<WebApplication> StartAsync(string[] args, HuaweiSimulator stub, AnchorCards cards)
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
        builder.Services.AddSingleton(cards);
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

    private sealed record StartAnswer(string? RegionIP);

    /// <summary>SearchMeetings' answer, with the fields a list card shows.</summary>
    private sealed record SearchAnswer(int Count, List<ConferenceEntry>? Data);

    /// <summary>confDetail's answer.</summary>
    private sealed record DetailAnswer(ConferenceEntry? ConferenceData);

    private sealed record ConferenceEntry(
        string ConferenceID, string? Subject, string? StartTime, string? EndTime, string? ConferenceState, string? VmrConferenceID,
        List<PasswordEntry>? PasswordEntry);

    private sealed record PasswordEntry(string? ConferenceRole, string? Password);

    private sealed class AnchorBot(IHttpClientFactory httpClients, AnchorCards cards) : ActivityHandler
    {
        public const string StubClient = "stub";

        protected override async Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turnContext, CancellationToken cancellationToken)
        {
            string card;
            if (turnContext.Activity.Value is JObject submit && submit.Value<string>(CardData.Verb) == CardVerbs.OneClick)
            {
                card = cards.OneClickResult.Replace(RegionIpPlaceholder, await StartAsHostAsync(submit.Value<string>(CardInputs.MeetingId)!, cancellationToken), StringComparison.Ordinal);
            }
            else
            {
                var words = (turnContext.Activity.Text ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
                card = words switch
                {
                    ["activate", var meetingId, var password] =>
                        cards.Result.Replace(RegionIpPlaceholder, await StartAsync(meetingId, password, cancellationToken), StringComparison.Ordinal),
                    ["meetings"] => await ListAsync(cancellationToken),
                    _ => cards.Help,
                };
            }

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

        /// <summary>The meeting's host password from its details, then the start with it: two calls.</summary>
        private async Task<string> StartAsHostAsync(string meetingId, CancellationToken cancellationToken)
        {
            var detail = await httpClients.CreateClient(StubClient).GetFromJsonAsync<DetailAnswer>(
                $"{HuaweiSimulator.MeetingDetailPath}?conferenceID={Uri.EscapeDataString(meetingId)}", cancellationToken);
            var chair = detail?.ConferenceData?.PasswordEntry?.FirstOrDefault(p => p.ConferenceRole == "chair")?.Password
                ?? throw new InvalidOperationException("The stub gave no host password: the user does not host this meeting.");
            return await StartAsync(meetingId, chair, cancellationToken);
        }

        /// <summary>The user's meetings, soonest first, read from the stub; the card is MeetingBot's list of them.</summary>
        private async Task<string> ListAsync(CancellationToken cancellationToken)
        {
            var answer = await httpClients.CreateClient(StubClient).GetFromJsonAsync<SearchAnswer>(
                $"{HuaweiSimulator.SearchMeetingsPath}?offset=0&limit=10&sortType=ASC_StartTIME", cancellationToken);
            return answer?.Data is { Count: > 0 } ? cards.Meetings : throw new InvalidOperationException("The stub listed no meetings.");
        }
    }
}

/// <summary>MeetingBot's cards as they went over the wire, for the anchors to send (results with <see cref="BareSdkBot.RegionIpPlaceholder"/>).</summary>
internal sealed record AnchorCards(string Help, string Result, string Meetings, string OneClickResult);
