using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using MeetingBot.Cards;
using MeetingBot.Hosting;
using MeetingBot.Sandbox;
using MeetingBot.Testing;
using Microsoft.AspNetCore.Builder;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace MeetingBot.Benchmarks;

/// <summary>
/// Whole turns through POST /api/messages (deliveryMode expectReplies, Kestrel on loopback), driven by concurrent
/// clients: MeetingBot (one row per <see cref="HostVariant"/>) beside the bare Bot Framework SDK doing the same work
/// (<see cref="BareSdkBot"/>). Every round runs a burst of each target in turn, in an order that rotates from round to
/// round, so a noisy neighbour on the machine hits every target alike; the ratios are printed overall and per round.
/// </summary>
internal static class TurnBenchmark
{
    /// <summary>
    /// Chat users per client, each in their own 1:1 conversation; a client's turns rotate through its own users, so no
    /// user ever has two turns at once (MeetingBot refuses a user's second concurrent activation).
    /// </summary>
    private const int UsersPerClient = 8;
    private const string MeetingId = HuaweiSimulatorOptions.DemoMeetingId;
    private const string RegionIp = HuaweiSimulatorOptions.DemoRegionIp;

    /// <summary>
    /// The meeting clicked in the one-click rows: one the sandbox lists to everyone as hosted by them, and the one of those
    /// that stays listed longest from the sandbox's start (an hour and a half), longer than a run.
    /// </summary>
    private const string OneClickMeetingId = HuaweiSimulatorOptions.HostedUpcomingMeetingId;
    private static readonly string OneClickRegionIp =
        new HuaweiSimulatorOptions().ScheduledMeetings.Single(m => m.ConferenceId == OneClickMeetingId).RegionIp;

    /// <summary>What <c>--profile</c> takes for a one-click turn, and its rows' label.</summary>
    public const string OneClick = "one-click";

    private static long oneClickCards;

    /// <summary>Activities as the channels send them: a field without a value is left out (a card submit has no text).</summary>
    private static readonly JsonSerializerOptions ActivityJson = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private static readonly string[] QuietLocalHost =
        ["--urls", "http://127.0.0.1:0", "--environment", "Development", "--Logging:LogLevel:Default=Warning"];

    public static async Task RunAsync(TurnLoad load, TurnActions actions)
    {
        var apps = new List<WebApplication>();
        var children = new List<VariantProcess>();
        await using var stub = new HuaweiSimulator();
        var redisServer = new RedisServer();
        var redisCluster = new RedisCluster();
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan });
        try
        {
            await redisServer.InitializeAsync();
            await redisCluster.InitializeAsync();
            var variants = HostVariant.All(Redis(redisServer.ConnectionString), Redis(redisCluster.ConnectionString), load.TelemetryOffTwice)
                .Where(v => actions == TurnActions.HelpAndActivate || !v.OwnProcess)
                .ToList();
            var meetingBots = new List<(HostVariant Variant, Uri Endpoint, VariantProcess? Child)>();
            foreach (var variant in variants.Where(v => !v.OwnProcess))
            {
                apps.Add(await StartInProcessAsync(variant));
                meetingBots.Add((variant, MessagesEndpoint(apps[^1]), null));
            }

            var cards = await CaptureCardsAsync(http, meetingBots[0].Endpoint);
            await stub.StartAsync();
            var anchor = await BareSdkBot.StartAsync(QuietLocalHost, stub, cards);
            apps.Add(anchor);
            foreach (var variant in variants.Where(v => v.OwnProcess))
            {
                // Against the stub Huawei in this process, as the anchors: the child's own sandbox would trace its requests too.
                var child = await VariantProcess.StartAsync(variant, [.. QuietLocalHost, "--Protection:AttemptsPerMinute=10000"], StubHuawei(stub));
                children.Add(child);
                meetingBots.Add((variant, new Uri(child.BaseAddress, "/api/messages"), child));
            }

            var activate = $"activate {MeetingId} {HuaweiSimulatorOptions.DemoPassword}";
            Comparison[] comparisons = actions == TurnActions.Meetings
                ?
                [
                    new("meetings, token cached (MeetingBot against its sandbox)",
                        new Target("anchor C: bare SDK, one GET of a stub's meeting list, one card", MessagesEndpoint(anchor), "meetings", 1, OneClickMeetingId),
                        [.. meetingBots.Select(m => new Target($"MeetingBot, {m.Variant.Name}", m.Endpoint, "meetings", 1, OneClickMeetingId, m.Variant.Counter, m.Variant.Baseline, m.Child))]),
                    new("one-click Activate on a list card, token cached (MeetingBot against its sandbox)",
                        new Target("anchor D: bare SDK, GET a stub's details, POST its start, one card", MessagesEndpoint(anchor), OneClick, 1, OneClickRegionIp, value: OneClickSubmit),
                        [.. meetingBots.Select(m => new Target($"MeetingBot, {m.Variant.Name}", m.Endpoint, OneClick, 1, OneClickRegionIp, m.Variant.Counter, m.Variant.Baseline, m.Child, OneClickSubmit))]),
                ]
                :
                [
                    new("help",
                        new Target("anchor A: bare SDK, one card", MessagesEndpoint(anchor), "help", 1, "activate"),
                        [.. meetingBots.Select(m => new Target($"MeetingBot, {m.Variant.Name}", m.Endpoint, "help", 1, "activate", m.Variant.Counter, m.Variant.Baseline, m.Child))]),
                    new("activate ID password, token cached (MeetingBot against its sandbox)",
                        new Target("anchor B: bare SDK, one POST to a stub start, one card", MessagesEndpoint(anchor), activate, 1, RegionIp),
                        // MeetingBot answers typing, then the result card.
                        [.. meetingBots.Select(m => new Target($"MeetingBot, {m.Variant.Name}", m.Endpoint, activate, 2, RegionIp, m.Variant.Counter, m.Variant.Baseline, m.Child))]),
                ];

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Whole turns on /api/messages (Kestrel on loopback, expectReplies): {load.Concurrency} concurrent clients with {UsersPerClient} users each, " +
                $"{load.Rounds} interleaved rounds of {load.TurnsPerRound:N0} turns per row, after warming each row up until its server's JIT settled"));
            await MeasureAsync(http, comparisons, load);
            foreach (var comparison in comparisons)
            {
                Print(comparison);
            }
        }
        finally
        {
            foreach (var child in children)
            {
                await child.DisposeAsync();
            }

            foreach (var app in apps)
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }

            await redisServer.DisposeAsync();
            await redisCluster.DisposeAsync();
        }
    }

    private static BenchmarkRedis Redis(string connectionString) => new(connectionString, TestCertificates.DataProtectionPfxBase64());

    private static async Task<WebApplication> StartInProcessAsync(HostVariant variant)
    {
        var app = MeetingBotApp.Build([.. QuietLocalHost, "--Protection:AttemptsPerMinute=10000", .. variant.Args], variant.Configure);
        await app.StartAsync();
        variant.Started?.Invoke(app);
        return app;
    }

    /// <summary>
    /// MeetingBot alone (the host variant whose name contains <paramref name="variantName"/>, the first when null)
    /// answering <paramref name="text"/> under the same load, for a profiler to attach to, e.g.
    /// <c>perf record -g -p PID</c> with <c>DOTNET_PerfMapEnabled=1</c> once it prints "profiling … (process PID)".
    /// A variant served by its own process is profiled there, against a stub Huawei in this process.
    /// </summary>
    public static async Task ProfileAsync(string text, string? variantName, TurnLoad load)
    {
        var redisServer = new RedisServer();
        var redisCluster = new RedisCluster();
        await redisServer.InitializeAsync();
        await redisCluster.InitializeAsync();
        var variants = HostVariant.All(Redis(redisServer.ConnectionString), Redis(redisCluster.ConnectionString));
        var variant = variantName is null ? variants[0] : variants.First(v => v.Name.Contains(variantName, StringComparison.OrdinalIgnoreCase));
        await using var stub = new HuaweiSimulator();
        await stub.StartAsync();
        WebApplication? app = null;
        VariantProcess? child = null;
        Uri endpoint;
        int processId;
        if (variant.OwnProcess)
        {
            child = await VariantProcess.StartAsync(variant, [.. QuietLocalHost, "--Protection:AttemptsPerMinute=10000"], StubHuawei(stub));
            endpoint = new Uri(child.BaseAddress, "/api/messages");
            processId = child.ProcessId;
        }
        else
        {
            app = await StartInProcessAsync(variant);
            endpoint = MessagesEndpoint(app);
            processId = Environment.ProcessId;
        }

        try
        {
            using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan });
            var replies = text.StartsWith("activate", StringComparison.Ordinal) ? 2 : 1;
            var target = new Target($"MeetingBot, {variant.Name}: {text.Split(' ')[0]}", endpoint, text, replies, string.Empty, child: child,
                value: text == OneClick ? OneClickSubmit : null);
            await WarmUpAsync(http, target, load);
            Console.WriteLine($"profiling {target.Name} (process {processId})");
            for (var round = 0; round < load.Rounds; round++)
            {
                var serverCpuBefore = child?.ProcessorTime ?? TimeSpan.Zero;
                var sample = await Measurement.LoadAsync(load.TurnsPerRound, load.Concurrency, (client, turn) => TurnAsync(http, target, client, turn));
                target.Figures.Add(sample with { CpuTime = sample.CpuTime + ((child?.ProcessorTime ?? TimeSpan.Zero) - serverCpuBefore) });
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{target.Name}: {target.Figures.Throughput:F0} req/s, {target.Figures.CpuMicrosecondsPerOperation:F0} CPU µs/turn"));
        }
        finally
        {
            if (child is not null)
            {
                await child.DisposeAsync();
            }

            if (app is not null)
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }

            await redisServer.DisposeAsync();
            await redisCluster.DisposeAsync();
        }
    }

    /// <summary>Configuration for a child host: the stub Huawei in this process (secrets in its environment, not its command line).</summary>
    private static Dictionary<string, string> StubHuawei(HuaweiSimulator stub) => new()
    {
        ["HuaweiMeeting__BaseUrl"] = stub.BaseUrl.ToString(),
        ["HuaweiMeeting__AppId"] = stub.Options.AppId,
        ["HuaweiMeeting__AppKey"] = stub.Options.AppKey,
    };

    private static async Task MeasureAsync(HttpClient http, Comparison[] comparisons, TurnLoad load)
    {
        var targets = comparisons.SelectMany(c => c.Targets).ToList();
        foreach (var target in targets)
        {
            await WarmUpAsync(http, target, load);
        }

        for (var round = 0; round < load.Rounds; round++)
        {
            foreach (var comparison in comparisons)
            {
                var order = comparison.Targets.ToList();
                var rotation = round % order.Count;
                foreach (var target in order.Skip(rotation).Concat(order.Take(rotation)))
                {
                    var countedBefore = target.Counter?.Read();
                    var serverStatsBefore = target.ServerCpu is null ? null : await target.StatsAsync();
                    var serverCpuBefore = target.ServerCpu?.Invoke() ?? TimeSpan.Zero;
                    var sample = await Measurement.LoadAsync(load.TurnsPerRound, load.Concurrency, (client, turn) => TurnAsync(http, target, client, turn));
                    // A row served by a child process: its CPU time counts too; its allocations and collections are printed apart.
                    var serverCpu = (target.ServerCpu?.Invoke() ?? TimeSpan.Zero) - serverCpuBefore;
                    target.Figures.Add(sample with { CpuTime = sample.CpuTime + serverCpu, ServerCpuTime = serverCpu });
                    if (serverStatsBefore is not null)
                    {
                        target.ServerStats += await target.StatsAsync() - serverStatsBefore;
                    }
                    target.AddCounted(countedBefore, target.Counter?.Read());
                }
            }

            Console.Write('.');
        }

        Console.WriteLine();
    }

    /// <summary>
    /// Drives <paramref name="target"/> in bursts until the JIT of the process serving it has settled: tiered compilation
    /// keeps recompiling hot methods for many seconds under load, and a row measured before that would be charged for
    /// its compilations (a host with more code, such as one with telemetry on, for more of them). The first burst also
    /// signs every user in once, so that each measured activation finds its token cached.
    /// </summary>
    private static async Task WarmUpAsync(HttpClient http, Target target, TurnLoad load)
    {
        var elapsed = System.Diagnostics.Stopwatch.StartNew();
        var turns = 0;
        var settledBursts = 0;
        while (settledBursts < SettledBurstsNeeded && elapsed.Elapsed < MaxWarmup)
        {
            var compiledBefore = (await target.StatsAsync()).CompiledMethods;
            await Measurement.LoadAsync(load.WarmupTurns, load.Concurrency, (client, turn) => TurnAsync(http, target, client, turn));
            turns += load.WarmupTurns;
            var compiled = (await target.StatsAsync()).CompiledMethods - compiledBefore;
            settledBursts = compiled <= SettledCompilations ? settledBursts + 1 : 0;
        }

        var settled = settledBursts == SettledBurstsNeeded ? "settled" : "NOT settled";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  warm-up {target.Name}: {turns:N0} turns in {elapsed.Elapsed.TotalSeconds:F0} s, JIT {settled}"));
    }

    /// <summary>At most this many methods compiled during a warm-up burst counts as settled; a few always trickle in.</summary>
    private const int SettledCompilations = 10;
    private const int SettledBurstsNeeded = 2;
    private static readonly TimeSpan MaxWarmup = TimeSpan.FromSeconds(90);

    private static void Print(Comparison comparison)
    {
        Console.WriteLine();
        Console.WriteLine($"{comparison.Name,-66}    req/s   p50 ms   p99 ms   CPU µs/turn  KB allocated/turn (this process)");
        foreach (var target in comparison.Targets)
        {
            var (p50, p99) = target.Figures.LatencyMilliseconds();
            var counted = target.Counter is { } counter ? "  " + target.CountedPerTurn(counter.Unit) : string.Empty;
            var server = target.ServerCpu is null ? string.Empty : string.Create(CultureInfo.InvariantCulture, $"  (its own process: {target.Figures.ServerCpuMicrosecondsPerOperation:F0} CPU µs/turn, {(double)target.ServerStats.AllocatedBytes / target.Figures.Operations / 1024:F0} KB allocated/turn, GCs per 10,000 turns: {PerTenThousand(target.ServerStats.Gen0Collections)} gen0, {PerTenThousand(target.ServerStats.Gen1Collections)} gen1, {PerTenThousand(target.ServerStats.Gen2Collections)} gen2, paused {target.ServerStats.GcPause.TotalMicroseconds / target.Figures.Operations:F1} µs/turn)");
            string PerTenThousand(int count) => (10_000.0 * count / target.Figures.Operations).ToString("F1", CultureInfo.InvariantCulture);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {target.Name,-64} {target.Figures.Throughput,7:F0}  {p50,7:F2}  {p99,7:F2}  {target.Figures.CpuMicrosecondsPerOperation,12:F0}  {target.Figures.AllocatedPerOperation / 1024,8:F0}{counted}{server}"));
        }

        foreach (var row in comparison.MeetingBot)
        {
            PrintRatio(row, comparison.Anchor);
            if (row != comparison.MeetingBot[0])
            {
                PrintRatio(row, comparison.MeetingBot.FirstOrDefault(t => t.Name == $"MeetingBot, {row.Baseline}") ?? comparison.MeetingBot[0]);
            }
        }
    }

    /// <summary>
    /// Throughput ratio overall and its spread over the rounds (each round's bursts ran back to back), then the same
    /// ratio estimated from CPU time per turn, which a busy machine disturbs far less than wall-clock time.
    /// </summary>
    private static void PrintRatio(Target row, Target reference)
    {
        var perRound = row.Figures.Rounds.Zip(reference.Figures.Rounds, (r, a) => r.Throughput / a.Throughput).Order().ToArray();
        var cpuPerRound = row.Figures.Rounds.Zip(reference.Figures.Rounds, (r, a) => CpuPerTurn(a) / CpuPerTurn(r)).Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  ratio {row.Name} / {reference.Name.Split(':')[0]}: throughput {row.Figures.Throughput / reference.Figures.Throughput:F2} {Spread(perRound)}; " +
            $"by CPU per turn {reference.Figures.CpuMicrosecondsPerOperation / row.Figures.CpuMicrosecondsPerOperation:F2} {Spread(cpuPerRound)}"));
    }

    private static double CpuPerTurn(LoadSample sample) => sample.CpuTime.TotalMicroseconds / sample.LatenciesMicroseconds.Length;

    private static string Spread(double[] sorted) =>
        string.Create(CultureInfo.InvariantCulture, $"(rounds: min {sorted[0]:F2}, median {sorted[sorted.Length / 2]:F2}, max {sorted[^1]:F2})");

    /// <summary>One turn by one of the client's users in their own 1:1 conversation; fails on any unexpected answer.</summary>
    private static async Task TurnAsync(HttpClient http, Target target, int client, int turn)
    {
        var user = $"{client}-{turn % UsersPerClient}";
        var activity = new
        {
            type = "message",
            id = $"bench-{turn}",
            channelId = "emulator",
            serviceUrl = "http://127.0.0.1:9/",
            deliveryMode = "expectReplies",
            locale = "en-US",
            from = new { id = $"bench-user-{user}", name = "Bench" },
            recipient = new { id = "bot" },
            conversation = new { id = $"bench-conversation-{user}" },
            text = target.Value is null ? target.Text : null,
            value = target.Value?.Invoke(),
        };
        using var content = new ByteArrayContent(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(activity, ActivityJson));
        content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        using var response = await http.PostAsync(target.Endpoint, content);
        var body = await response.Content.ReadAsByteArrayAsync();
        using var answer = JsonDocument.Parse(body);
        var replies = answer.RootElement.TryGetProperty("activities", out var activities) ? activities.GetArrayLength() : -1;
        if (!response.IsSuccessStatusCode || replies != target.ExpectedReplies || Encoding.UTF8.GetString(body).IndexOf(target.ExpectedText, StringComparison.Ordinal) < 0)
        {
            throw new InvalidOperationException($"{target.Name}: unexpected answer to '{target.Text.Split(' ')[0]}': {(int)response.StatusCode}, {replies} replies.");
        }
    }

    /// <summary>
    /// A click on Activate of a list card, for the meeting: the button's data (Action.Submit), each turn from a card of
    /// its own, since a card's button starts its meeting once.
    /// </summary>
    private static Dictionary<string, string> OneClickSubmit() => new()
    {
        [CardData.Verb] = CardVerbs.OneClick,
        [CardInputs.MeetingId] = OneClickMeetingId,
        [CardData.FormId] = string.Create(CultureInfo.InvariantCulture, $"bench-card-{Interlocked.Increment(ref oneClickCards)}"),
    };

    /// <summary>
    /// MeetingBot's cards as they go over the wire, for the anchors to send the same bytes. The list is taken after the
    /// one-click, which started its meeting: it shows that meeting in progress, as every list of the run will.
    /// </summary>
    private static async Task<AnchorCards> CaptureCardsAsync(HttpClient http, Uri endpoint)
    {
        var help = await LastCardAsync(http, endpoint, "help");
        var result = await LastCardAsync(http, endpoint, $"activate {MeetingId} {HuaweiSimulatorOptions.DemoPassword}");
        var oneClickResult = await LastCardAsync(http, endpoint, text: null, OneClickSubmit());
        var meetings = await LastCardAsync(http, endpoint, "meetings");
        return new AnchorCards(
            help,
            result.Replace(RegionIp, BareSdkBot.RegionIpPlaceholder, StringComparison.Ordinal),
            meetings,
            oneClickResult.Replace(OneClickRegionIp, BareSdkBot.RegionIpPlaceholder, StringComparison.Ordinal));
    }

    private static async Task<string> LastCardAsync(HttpClient http, Uri endpoint, string? text, object? value = null)
    {
        var activity = JObject.FromObject(new
        {
            type = "message",
            channelId = "emulator",
            serviceUrl = "http://127.0.0.1:9/",
            deliveryMode = "expectReplies",
            locale = "en-US",
            from = new { id = "bench-capture", name = "Bench" },
            recipient = new { id = "bot" },
            conversation = new { id = "bench-capture" },
        });
        if (value is null)
        {
            activity["text"] = text;
        }
        else
        {
            activity["value"] = JObject.FromObject(value);
        }

        using var content = new StringContent(activity.ToString(Formatting.None), Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(endpoint, content);
        response.EnsureSuccessStatusCode();
        var replies = (JArray)JObject.Parse(await response.Content.ReadAsStringAsync())["activities"]!;
        return replies.Last!["attachments"]![0]!["content"]!.ToString(Formatting.None);
    }

    private static Uri MessagesEndpoint(WebApplication app) => new(new Uri(app.Urls.First()), "/api/messages");

    /// <summary>The anchor and MeetingBot's rows for the same user action.</summary>
    private sealed record Comparison(string Name, Target Anchor, IReadOnlyList<Target> MeetingBot)
    {
        public IEnumerable<Target> Targets => [Anchor, .. MeetingBot];
    }

    /// <param name="value">When given, each turn is a card submit with this data (no text); <paramref name="text"/> only names it.</param>
    private sealed class Target(
        string name, Uri endpoint, string text, int expectedReplies, string expectedText, PerTurnCounter? counter = null, string? baseline = null,
        VariantProcess? child = null, Func<object>? value = null)
    {
        /// <summary>CPU time of the child process serving this row, if it has one.</summary>
        public Func<TimeSpan>? ServerCpu => child is null ? null : () => child.ProcessorTime;

        /// <summary>Runtime counters of the process serving this row (this one, or its child).</summary>
        public async Task<RuntimeStats> StatsAsync() => child is null ? RuntimeStats.OfThisProcess() : await child.StatsAsync();

        /// <summary>What the child serving this row spent in the measured bursts (allocation and collections).</summary>
        public RuntimeStats ServerStats { get; set; } = new(0, 0, 0, 0, 0, 0);

        /// <summary>The host variant whose row this one's ratio is taken against.</summary>
        public string? Baseline => baseline;

        public string Name => name;

        public Uri Endpoint => endpoint;

        public string Text => text;

        public Func<object>? Value => value;

        public int ExpectedReplies => expectedReplies;

        public string ExpectedText => expectedText;

        public PerTurnCounter? Counter => counter;

        public LoadFigures Figures { get; } = new();

        /// <summary>What <see cref="Counter"/> counted during the measured bursts, by kind.</summary>
        public Dictionary<string, long> Counted { get; } = new(StringComparer.Ordinal);

        public void AddCounted(IReadOnlyDictionary<string, long>? before, IReadOnlyDictionary<string, long>? after)
        {
            foreach (var (kind, count) in after ?? new Dictionary<string, long>())
            {
                Counted[kind] = Counted.GetValueOrDefault(kind) + count - (before?.GetValueOrDefault(kind) ?? 0);
            }
        }

        /// <summary>For example "3.00 Redis commands/turn (EVALSHA 1.00, HGET 2.00)".</summary>
        public string CountedPerTurn(string unit)
        {
            double PerTurn(long count) => (double)count / Figures.Operations;
            var kinds = Counted.Where(c => c.Value > 0).OrderBy(c => c.Key, StringComparer.Ordinal)
                .Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key} {PerTurn(c.Value):F2}"));
            return string.Create(CultureInfo.InvariantCulture, $"{PerTurn(Counted.Values.Sum()):F2} {unit}/turn ({string.Join(", ", kinds)})");
        }
    }
}

/// <summary>Which user actions a turn benchmark compares with their anchors.</summary>
internal enum TurnActions
{
    /// <summary><c>help</c> (anchor A) and <c>activate ID password</c> (anchor B), on every host variant.</summary>
    HelpAndActivate,

    /// <summary>
    /// <c>meetings</c> (anchor C) and a one-click Activate (anchor D), on the variants served by this process (in-memory and
    /// Redis state): the sandbox times its meetings from its start, so a run stays short.
    /// </summary>
    Meetings,
}

/// <summary>How hard and how long the turn benchmark drives each row.</summary>
internal sealed record TurnLoad(int Concurrency, int Rounds, int TurnsPerRound, int WarmupTurns, bool TelemetryOffTwice = false);
