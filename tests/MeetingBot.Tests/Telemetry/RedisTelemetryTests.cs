using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using MeetingBot.Cards;
using MeetingBot.Sandbox;
using MeetingBot.Testing;
using MeetingBot.Tests.Infrastructure;
using MeetingBot.Tests.State;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace MeetingBot.Tests.Telemetry;

/// <summary>
/// The real host with Redis state (a real redis-server that requires a password) and the OpenTelemetry SDK on: the Redis
/// commands of a turn are spans in the turn's trace, and no span holds a value, a key or a secret.
/// </summary>
public sealed partial class RedisTelemetryTests(RedisServer redis) : IClassFixture<RedisServer>
{
    /// <summary>Found nowhere else, so finding one in a span can only be a leak.</summary>
    private static readonly SimulatedMeeting Meeting = new("986030788", "Red1s-Pa55word-8c2e", "100.94.23.88");

    private const string RedisPassword = "redis-server-secret-0d7b";

    [Fact]
    public async Task A_turn_with_Redis_state_traces_its_Redis_commands_under_the_turn_and_no_span_holds_a_secret()
    {
        await redis.SendAsync($"CONFIG SET requirepass {RedisPassword}", "+OK");
        var spans = new SpanCollector();
        await using var host = await MeetingBotApplication.StartAsync(
            new Dictionary<string, string>
            {
                ["Redis:ConnectionString"] = $"{redis.ConnectionString},password={RedisPassword}",
                ["Redis:DataProtectionCertificate"] = TestCertificates.DataProtectionPfxBase64(),
            },
            // This host's traces, and its Redis commands outside them (at start, in the background): those to its redis-server.
            services => services.AddOpenTelemetry().WithTracing(tracing => tracing.AddProcessor(
                host => new HostTraces(host, testSource: null, spans, alsoOwns: span => IsRedis(span) && span.GetTagItem("server.port") is int port && port == redis.Port))));
        host.Simulator.Options.Meetings.Add(Meeting);
        var chat = host.Conversation(ActivityFixtures.WebChat);

        var form = (await chat.SendTextAsync("activate")).SingleCard();
        var answer = (await chat.ClickAsync(form.Action(CardVerbs.Activate), FormInputs.Of(Meeting.ConferenceId, Meeting.Password))).SingleCard();
        Assert.Contains(Meeting.RegionIp, answer.TextBlocks());

        // The instrumentation turns Redis's profiled commands into spans on a thread of its own, a moment after they ran.
        var activation = Assert.Single(spans.Ended, s => s.DisplayName == "activate");
        await Poll.UntilAsync(
            () => RedisSpansUnder(spans.Ended, activation).Any() && RedisSpansUnder(spans.Ended, TurnOf(spans.Ended, activation)).Count() > RedisSpansUnder(spans.Ended, activation).Count(),
            TimeSpan.FromSeconds(30), "Redis spans under the activation (the token) and elsewhere in the turn (the conversation state)");

        var all = spans.Ended;
        var turn = TurnOf(all, activation);
        var inTrace = all.Where(s => s.TraceId == activation.TraceId).ToList();
        var redisInTrace = inTrace.Where(IsRedis).ToList();
        // Every Redis span of the turn's trace hangs under the turn span, through spans of that trace.
        Assert.All(redisInTrace, span => Assert.True(Descends(all, span, turn), $"{Describe(span)} is not under the turn span"));
        var redisSpans = all.Where(IsRedis).ToList();
        Assert.All(redisSpans, span =>
        {
            Assert.Equal(ActivityKind.Client, span.Kind);
            // The statement names the command only: no key (user or conversation ids), no script, no value.
            var statement = (span.GetTagItem("db.statement") ?? span.GetTagItem("db.query.text")) as string;
            Assert.True(statement is null || CommandName().IsMatch(statement), Describe(span));
        });

        string[] secrets = [Meeting.Password, RedisPassword, host.Simulator.Options.AppKey, .. host.Simulator.IssuedAccessTokens];
        Assert.NotEmpty(host.Simulator.IssuedAccessTokens);
        var exported = all.SelectMany(Texts).ToList();
        Assert.Contains("meetingbot.outcome=activated", exported); // the scan does see tag values
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(exported, text => text.Contains(secret, StringComparison.Ordinal));
        }
    }

    private static bool IsRedis(Activity span) =>
        span.Source.Name.Contains("StackExchangeRedis", StringComparison.Ordinal);

    private static Activity TurnOf(IReadOnlyList<Activity> all, Activity activation) =>
        Assert.Single(all, s => s.SpanId == activation.ParentSpanId && s.DisplayName == "turn");

    private static IEnumerable<Activity> RedisSpansUnder(IReadOnlyList<Activity> all, Activity ancestor) =>
        all.Where(s => IsRedis(s) && Descends(all, s, ancestor));

    private static bool Descends(IReadOnlyList<Activity> all, Activity span, Activity ancestor)
    {
        for (var current = span; current is not null; current = all.FirstOrDefault(s => s.SpanId == current.ParentSpanId && s.TraceId == current.TraceId))
        {
            if (current.ParentSpanId == ancestor.SpanId && current.TraceId == ancestor.TraceId)
            {
                return true;
            }
        }

        return false;
    }

    private static IEnumerable<string> Texts(Activity span) =>
        [span.DisplayName, span.OperationName, .. span.TagObjects.Select(tag => $"{tag.Key}={tag.Value}"),
         .. span.Events.SelectMany(e => (string[])[e.Name, .. e.Tags.Select(tag => $"{tag.Key}={tag.Value}")])];

    private static string Describe(Activity span) =>
        $"{span.Source.Name} '{span.DisplayName}' {string.Join(", ", span.TagObjects.Select(tag => $"{tag.Key}={tag.Value}"))}";

    [GeneratedRegex("^[A-Z]+$")]
    private static partial Regex CommandName();

    /// <summary>Every span of the host that ends, from any thread (the Redis instrumentation ends its spans on a thread of its own).</summary>
    private sealed class SpanCollector : BaseProcessor<Activity>
    {
        private readonly ConcurrentQueue<Activity> ended = new();

        public IReadOnlyList<Activity> Ended => [.. ended];

        public override void OnEnd(Activity data) => ended.Enqueue(data);
    }
}
