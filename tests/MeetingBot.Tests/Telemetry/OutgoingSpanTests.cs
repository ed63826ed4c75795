using System.Diagnostics;
using MeetingBot.Cards;
using MeetingBot.Meetings;
using MeetingBot.Meetings.Listing;
using MeetingBot.Sandbox;
using MeetingBot.Testing;
using MeetingBot.Tests.Infrastructure;
using MeetingBot.Tests.Slack;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Newtonsoft.Json.Linq;

namespace MeetingBot.Tests.Telemetry;

/// <summary>
/// The spans of the bot's outgoing HTTP calls, one test per client (Huawei, the Bot Connector, Slack's response_url), from
/// a real run exported to memory: no attribute holds a query string, a response_url path, a password, a token or what a
/// user searched for; the calls to Huawei and the Bot Connector keep their path (it names the API called).
/// </summary>
public sealed class OutgoingSpanTests
{
    /// <summary>Found nowhere else, so finding one in a span can only be a leak.</summary>
    private static readonly SimulatedMeeting Meeting = new("986030791", "0utg0ing-Pa55word-6b2d", "100.94.23.91");

    [Fact]
    public async Task Huawei_spans_keep_the_endpoint_path_and_drop_the_query_with_the_users_search_text()
    {
        var telemetry = new TelemetryCapture();
        await using var host = await MeetingBotApplication.StartAsync(overrides: telemetry.Register);
        telemetry.Attach(host.Services);
        host.Simulator.Options.Meetings.Add(Meeting);
        const string searchText = "Quarterly-Plan-Search-4c8e";
        var hosted = host.Simulator.Options.ScheduledMeetings.First(m => m.UserIsHost);

        // A sign-in and a start, from a chat.
        var chat = host.Conversation(ActivityFixtures.WebChat);
        var form = (await chat.SendTextAsync("activate")).SingleCard();
        var activated = (await chat.ClickAsync(form.Action(CardVerbs.Activate), FormInputs.Of(Meeting.ConferenceId, Meeting.Password))).SingleCard();
        Assert.Contains(Meeting.RegionIp, activated.TextBlocks());
        // The user's meetings, searched (?searchKey=…), and one meeting's host password (?conferenceID=…).
        var user = new ChatUser("webchat", null, "telemetry-search-user");
        var meetings = host.Services.GetRequiredService<IMeetingListService>();
        using (telemetry.StartTrace("search"))
        {
            Assert.True((await meetings.ListAsync(user, new MeetingListQuery { SearchKey = searchText }, CancellationToken.None)).Succeeded);
            Assert.True((await meetings.GetChairPasswordAsync(user, hosted.ConferenceId, CancellationToken.None)).Succeeded);
        }

        var huawei = await OutgoingSpansAsync(telemetry, host.Simulator.BaseUrl, expected: 5);
        Assert.Equal(
            ["/v2/usg/acs/auth/appauth", "/v1/mmc/management/conferences/start", "/v2/usg/acs/auth/appauth", "/v1/mmc/management/conferences", "/v1/mmc/management/conferences/confDetail"],
            huawei.Select(span => UrlOf(span).AbsolutePath));
        Assert.All(huawei, span => Assert.Equal(new Uri(host.Simulator.BaseUrl, UrlOf(span).AbsolutePath), UrlOf(span)));
        Assert.Contains(host.Simulator.Requests, r => r.Endpoint == SimulatorEndpoint.SearchMeetings); // the search did go out with its query
        AssertNothingLeaks(
            telemetry, host,
            [Meeting.Password, hosted.ChairPassword, hosted.GuestPassword, searchText, host.Simulator.Options.AppKey, .. host.Simulator.IssuedAccessTokens]);
    }

    [Fact]
    public async Task Bot_Connector_spans_keep_the_conversation_path_and_drop_the_query()
    {
        var telemetry = new TelemetryCapture();
        await using var host = await MeetingBotApplication.StartAsync(overrides: telemetry.Register);
        telemetry.Attach(host.Services);
        host.Simulator.Options.Meetings.Add(Meeting);
        await using var connector = await ConnectorListener.StartAsync();

        // In a team channel the form is a targeted message: posted with ?isTargetedActivity=true.
        var channel = host.Conversation(ActivityFixtures.TeamsChannelMention).UseServiceUrl(connector.ServiceUrl);
        await channel.SendTextAsync("<at>MeetingBot</at> activate");
        await connector.WaitForAsync(c => c.Method == "POST" && c.Query == "?isTargetedActivity=true");
        // In a personal chat the form is posted, and the outcome replaces it (an update of the card).
        var personal = host.Conversation(ActivityFixtures.TeamsCardSubmit).UseServiceUrl(connector.ServiceUrl);
        await personal.SendTextAsync("activate");
        var sent = await connector.WaitForAsync(c => c.Method == "POST" && c.Query.Length == 0 && c.Body?["attachments"] is not null);
        var form = (JObject)sent.Body!["attachments"]![0]!["content"]!;
        await personal.ClickAsync(form.Action(CardVerbs.Activate), FormInputs.Of(Meeting.ConferenceId, Meeting.Password), cardMessageId: "card-1");
        var update = await connector.WaitForAsync(c => c.Method == "PUT");
        Assert.Contains(Meeting.RegionIp, update.Body!.ToString(), StringComparison.Ordinal);

        var calls = connector.Calls;
        var spans = await OutgoingSpansAsync(telemetry, connector.ServiceUrl, expected: calls.Count);
        // Each call's span names the method and the path the connector got (the conversation and activity), not its query.
        Assert.Equal(
            calls.Select(c => $"{c.Method} {Uri.UnescapeDataString(c.Path)}").Order(StringComparer.Ordinal),
            spans.Select(s => $"{s.GetTagItem("http.request.method")} {Uri.UnescapeDataString(UrlOf(s).AbsolutePath)}").Order(StringComparer.Ordinal));
        Assert.All(spans, span => Assert.StartsWith("/v3/conversations/", UrlOf(span).AbsolutePath, StringComparison.Ordinal));
        Assert.Contains(spans, span => UrlOf(span).AbsolutePath.EndsWith("/activities/card-1", StringComparison.Ordinal));
        AssertNothingLeaks(telemetry, host, [Meeting.Password, host.Simulator.Options.AppKey, .. host.Simulator.IssuedAccessTokens]);
    }

    [Fact]
    public async Task The_Slack_response_url_span_names_its_host_only()
    {
        var telemetry = new TelemetryCapture();
        // The reply budget and the simulator's slow answer run on this clock, moved only while the bot waits.
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var host = new SlackHost(withSigningSecret: true, services =>
        {
            telemetry.Register(services);
            services.Replace(ServiceDescriptor.Singleton<TimeProvider>(time));
        });
        await host.InitializeAsync();
        try
        {
            telemetry.Attach(host.Services);
            var slow = new SimulatedMeeting("986030792", "Sl0w-0utg0ing-Pa55word-1f7e", "100.94.23.92", Slow: true);
            host.Huawei.Options.Meetings.Add(slow);
            var responseUrl = host.SlackHooks.NewResponseUrl();

            var command = host.SendCommandAsync(host.Form("/activate", $"{slow.ConferenceId} {slow.Password}", responseUrl: responseUrl), signedAt: time.GetUtcNow());
            await Poll.UntilAsync(() => host.Huawei.StartRequests == 1, TimeSpan.FromSeconds(60), "the slow start request reaching the simulator");
            await time.AdvanceUntilAsync(() => command.IsCompleted, "the acknowledgement");
            using (var acknowledged = await command)
            {
                acknowledged.EnsureSuccessStatusCode();
            }

            await time.AdvanceUntilAsync(() => host.Huawei.Requests.Any(r => r.Endpoint == SimulatorEndpoint.StartConference), "the simulator's slow answer");
            var late = await host.SlackHooks.NextPostAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(responseUrl.AbsolutePath, late.Path);
            Assert.Contains(slow.RegionIp, late.Body, StringComparison.Ordinal);

            var post = Assert.Single(await OutgoingSpansAsync(telemetry, responseUrl, expected: 1));
            Assert.Equal($"{responseUrl.Scheme}://{responseUrl.Authority}/…", post.GetTagItem("url.full"));
            AssertNothingLeaks(
                telemetry, host,
                [responseUrl.AbsolutePath, SlackHost.SigningSecret, slow.Password, host.Huawei.Options.AppKey, .. host.Huawei.IssuedAccessTokens]);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    /// <summary>The bot's client spans to the server at <paramref name="server"/> (by port), in the order they started, once all are exported.</summary>
    private static async Task<List<Activity>> OutgoingSpansAsync(TelemetryCapture telemetry, Uri server, int expected)
    {
        List<Activity> ToServer() =>
            [.. telemetry.Spans.ToArray().Where(s => s.Kind == ActivityKind.Client && s.GetTagItem("server.port") is int port && port == server.Port).OrderBy(s => s.StartTimeUtc)];
        await Poll.UntilAsync(() => ToServer().Count >= expected, TimeSpan.FromSeconds(30), $"{expected} client spans to port {server.Port} exported");
        var spans = ToServer();
        Assert.Equal(expected, spans.Count);
        return spans;
    }

    private static Uri UrlOf(Activity span) => new((string)span.GetTagItem("url.full")!);

    /// <summary>
    /// No attribute of the bot's spans holds a query string or one of <paramref name="secrets"/>. The bot's spans: all of
    /// its traces but the server spans of the listeners it called (Huawei's, the connector's, Slack's), which are theirs,
    /// and the spans of the test's own calls to the bot.
    /// </summary>
    private static void AssertNothingLeaks(TelemetryCapture telemetry, MeetingBotApplication host, IReadOnlyCollection<string> secrets)
    {
        var server = host.Services.GetRequiredService<ActivitySource>();
        var botSpans = telemetry.Spans.ToArray()
            .Where(s => s.Kind != ActivityKind.Server || ReferenceEquals(s.Source, server))
            .Where(s => !(s.Kind == ActivityKind.Client && s.GetTagItem("server.port") is int port && port == host.BaseAddress.Port))
            .ToList();
        Assert.Contains(botSpans, s => s.Kind == ActivityKind.Client);
        var texts = botSpans.SelectMany(s => (string[])
            [s.DisplayName, s.StatusDescription ?? string.Empty,
             .. s.TagObjects.Select(tag => $"{tag.Key}={tag.Value}"),
             .. s.Events.SelectMany(e => (string[])[e.Name, .. e.Tags.Select(tag => $"{tag.Key}={tag.Value}")])]).ToList();
        Assert.Contains(texts, text => text.StartsWith("url.full=", StringComparison.Ordinal)); // the scan does see the URLs
        Assert.DoesNotContain(texts, text => text.Contains('?', StringComparison.Ordinal));
        Assert.NotEmpty(secrets);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(texts, text => text.Contains(secret, StringComparison.Ordinal));
        }
    }
}
