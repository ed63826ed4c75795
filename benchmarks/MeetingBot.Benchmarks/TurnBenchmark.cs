using System.Net.Http.Json;
using MeetingBot.Hosting;
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
/// Whole turns through POST /api/messages with deliveryMode expectReplies, on Kestrel over loopback:
/// a bare Bot Framework turn (CloudAdapter + an ActivityHandler that answers one text) as the baseline, then
/// MeetingBot's help card and a 1:1 "activate ID password" with the user's Huawei token cached (sandbox simulator).
/// </summary>
internal static class TurnBenchmark
{
    private static readonly string[] QuietLocalHost =
        ["--urls", "http://127.0.0.1:0", "--environment", "Development", "--Logging:LogLevel:Default=Warning"];

    public static async Task RunAsync(int iterations)
    {
        await using var baseline = BareBotFrameworkApp();
        await using var meetingBot = MeetingBotApp.Build([.. QuietLocalHost, "--Protection:AttemptsPerMinute=10000"]);
        await baseline.StartAsync();
        await meetingBot.StartAsync();
        using var http = new HttpClient();

        Console.WriteLine("Whole turns on /api/messages (expectReplies, Kestrel on loopback):");
        await Measurement.RunAsync("SDK baseline: CloudAdapter + one text reply", iterations, () =>
            TurnAsync(http, baseline, "hello", expectedReplies: 1, expectedText: "hello"));
        await Measurement.RunAsync("MeetingBot: help card", iterations, () =>
            TurnAsync(http, meetingBot, "help", expectedReplies: 1, expectedText: "activate"));
        await Measurement.RunAsync("MeetingBot: activate, cached token (typing + result)", iterations, () =>
            TurnAsync(http, meetingBot, "activate 986030665 123456", expectedReplies: 2, expectedText: "100.94.23.40"));

        await meetingBot.StopAsync();
        await baseline.StopAsync();
    }

    private static async Task TurnAsync(HttpClient http, WebApplication app, string text, int expectedReplies, string expectedText)
    {
        var activity = new JObject
        {
            ["type"] = "message",
            ["id"] = Guid.NewGuid().ToString("N"),
            ["channelId"] = "emulator",
            ["serviceUrl"] = "http://127.0.0.1:9/",
            ["deliveryMode"] = "expectReplies",
            ["locale"] = "en-US",
            ["from"] = new JObject { ["id"] = "bench-user", ["name"] = "Bench" },
            ["recipient"] = new JObject { ["id"] = "bot" },
            ["conversation"] = new JObject { ["id"] = "bench-conversation" },
            ["text"] = text,
        };
        using var content = new StringContent(activity.ToString(), System.Text.Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri(new Uri(app.Urls.First()), "/api/messages"), content);
        var body = await response.Content.ReadAsStringAsync();
        var replies = JObject.Parse(body)["activities"] as JArray;
        if (!response.IsSuccessStatusCode || replies?.Count != expectedReplies || !body.Contains(expectedText, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Unexpected answer to '{text}': {(int)response.StatusCode}.");
        }
    }

    private static WebApplication BareBotFrameworkApp()
    {
        var builder = WebApplication.CreateBuilder(QuietLocalHost);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddHttpClient();
        builder.Services.AddSingleton<BotFrameworkAuthentication, ConfigurationBotFrameworkAuthentication>();
        builder.Services.AddSingleton<IBotFrameworkHttpAdapter>(provider => new CloudAdapter(
            provider.GetRequiredService<BotFrameworkAuthentication>(), provider.GetRequiredService<ILogger<CloudAdapter>>()));
        builder.Services.AddSingleton<IBot, EchoBot>();
        var app = builder.Build();
        app.MapPost("/api/messages", (HttpRequest request, HttpResponse response, IBotFrameworkHttpAdapter adapter, IBot bot, CancellationToken cancellationToken) =>
            adapter.ProcessAsync(request, response, bot, cancellationToken));
        return app;
    }

    private sealed class EchoBot : ActivityHandler
    {
        protected override Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turnContext, CancellationToken cancellationToken) =>
            turnContext.SendActivityAsync(MessageFactory.Text(turnContext.Activity.Text), cancellationToken);
    }
}
