using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using MeetingBot.Cards;
using MeetingBot.Sandbox;
using MeetingBot.Testing;
using MeetingBot.Tests.Infrastructure;
using Newtonsoft.Json.Linq;

namespace MeetingBot.Tests.Telemetry;

/// <summary><c>GET /metrics</c> on the real host, as Prometheus scrapes it, and the Grafana dashboard checked against it.</summary>
public sealed partial class PrometheusScrapeTests
{
    private static readonly Dictionary<string, string> PrometheusOn = new() { ["Telemetry:Prometheus"] = "true" };

    [Fact]
    public async Task Metrics_endpoint_shows_two_activations_after_two_activations()
    {
        await using var host = await MeetingBotApplication.StartAsync(PrometheusOn);
        var chat = host.Conversation(ActivityFixtures.WebChat);

        for (var i = 0; i < 2; i++)
        {
            var result = await ActivateAsync(chat, HuaweiSimulatorOptions.DemoPassword);
            Assert.Contains(HuaweiSimulatorOptions.DemoRegionIp, result.TextBlocks());
        }

        var scrape = await ScrapeAsync(host);
        var activated = Samples(scrape, "meetingbot_activations_total")
            .Where(s => s.Labels.Contains("outcome=\"activated\"", StringComparison.Ordinal))
            .ToList();
        var sample = Assert.Single(activated);
        Assert.Contains("channel=\"webchat\"", sample.Labels, StringComparison.Ordinal);
        Assert.Equal(2, sample.Value);
    }

    [Fact]
    public async Task Request_level_instruments_are_exported_and_the_per_buffer_and_per_connection_ones_are_not()
    {
        await using var host = await MeetingBotApplication.StartAsync(PrometheusOn);
        await ActivateAsync(host.Conversation(ActivityFixtures.WebChat), HuaweiSimulatorOptions.DemoPassword);

        var exported = Samples(await ScrapeAsync(host)).Select(s => s.Name).ToList();

        // The activation made an incoming request and an outgoing one to Huawei: their request-level metrics are there.
        Assert.Contains(exported, name => name.StartsWith("http_server_request_duration_seconds", StringComparison.Ordinal));
        Assert.Contains(exported, name => name.StartsWith("http_client_request_duration_seconds", StringComparison.Ordinal));
        // Recorded several times per request and read by no dashboard: dropped by a view, so never listened to.
        foreach (var dropped in new[] { "aspnetcore_memory_pool", "aspnetcore_routing_match_attempts", "http_client_open_connections", "http_client_connection_duration", "http_client_request_time_in_queue" })
        {
            Assert.DoesNotContain(exported, name => name.StartsWith(dropped, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Metrics_endpoint_answers_404_when_prometheus_is_not_turned_on()
    {
        await using var host = await MeetingBotApplication.StartAsync();

        using var response = await host.Http.GetAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        // The host is up and answering: the 404 is the missing route, not a broken server.
        using var live = await host.Http.GetAsync(new Uri("/health/live", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Fact]
    public async Task Grafana_dashboard_queries_only_metrics_the_app_exports()
    {
        await using var host = await MeetingBotApplication.StartAsync(new Dictionary<string, string>(PrometheusOn) { ["Protection:MaxFailedAttempts"] = "1" });
        var chat = host.Conversation(ActivityFixtures.WebChat);
        await ActivateAsync(chat, HuaweiSimulatorOptions.DemoPassword);
        await ActivateAsync(chat, "wrong-password");
        await ActivateAsync(chat, HuaweiSimulatorOptions.DemoPassword); // locked out: a refusal
        var exported = Samples(await ScrapeAsync(host)).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);

        using var dashboard = JsonDocument.Parse(await File.ReadAllTextAsync(RepositoryFile("deploy", "grafana", "meetingbot.json")));
        Assert.True(dashboard.RootElement.GetProperty("panels").GetArrayLength() >= 6);
        // Panel queries (expr) and the variables' label_values queries: every text of the dashboard is searched.
        var named = Texts(dashboard.RootElement).SelectMany(q => MetricName().Matches(q).Select(m => m.Value)).ToHashSet(StringComparer.Ordinal);
        Assert.All(named, name => Assert.True(exported.Contains(name), $"the dashboard queries {name}, which the app does not export"));
        // Every instrument of the MeetingBot meter has a panel.
        foreach (var family in new[]
        {
            "meetingbot_activations_total", "meetingbot_activation_duration_seconds_bucket", "meetingbot_huawei_requests_total",
            "meetingbot_huawei_duration_seconds_bucket", "meetingbot_refusals_total", "meetingbot_deliveries_pending", "meetingbot_turns_total",
            "meetingbot_token_lookups_total", "meetingbot_signins_total",
        })
        {
            Assert.Contains(family, named);
        }
    }

    private static async Task<JObject> ActivateAsync(BotConversation chat, string password)
    {
        var form = (await chat.SendTextAsync("activate")).SingleCard();
        var answer = await chat.ClickAsync(form.Action(CardVerbs.Activate), FormInputs.Of(HuaweiSimulatorOptions.DemoMeetingId, password));
        return answer.SingleCard();
    }

    private static async Task<string> ScrapeAsync(MeetingBotApplication host)
    {
        using var response = await host.Http.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The samples of the text exposition format: <c>name{labels} value</c>.</summary>
    private static IEnumerable<(string Name, string Labels, double Value)> Samples(string scrape, string? name = null) =>
        scrape.Split('\n')
            .Select(line => SampleLine().Match(line))
            .Where(m => m.Success && (name is null || m.Groups["name"].Value == name))
            .Select(m => (m.Groups["name"].Value, m.Groups["labels"].Value, double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture)));

    /// <summary>Every string in the dashboard, however deeply panels and targets are nested.</summary>
    private static IEnumerable<string> Texts(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Texts(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Texts),
        _ => [],
    };

    private static string RepositoryFile(params string[] parts)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "MeetingBot.sln")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        return Path.Combine([directory.FullName, .. parts]);
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})? (?<value>[-+0-9.eEInfNa]+)( \d+)?\r?$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"\bmeetingbot_[a-z0-9_]+")]
    private static partial Regex MetricName();
}
