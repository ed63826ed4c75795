using System.Globalization;
using MeetingBot.Benchmarks;
using Microsoft.Extensions.Configuration;

// Run by hand, never by CI (figures depend on the machine):
//   dotnet run -c Release --project benchmarks/MeetingBot.Benchmarks [--turns 1000] [--rounds 10] [--concurrency 8] [--only turns|meetings|activation]
//   [--aa 1]: telemetry off twice (A/A), to show the noise of the telemetry comparison
//   [--profile "help" [--variant "telemetry on"]]: MeetingBot alone (a host variant) answering that text (or "one-click") under the same load, for perf
//   --only state [--conversations 1000000]: distinct conversations through the in-memory state layer, printing RSS
if (await VariantProcess.TryServeAsync(args))
{
    return;
}

var options = new ConfigurationBuilder().AddCommandLine(args).Build();
int Option(string key, int fallback) => options[key] is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
var turns = Option("turns", 1_000);
var load = new TurnLoad(Concurrency: Option("concurrency", 8), Rounds: Option("rounds", 10), TurnsPerRound: turns, WarmupTurns: Option("warmup", 1_000),
    TelemetryOffTwice: Option("aa", 0) == 1);
var only = options["only"];

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"MeetingBot benchmarks: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC, {JitSettings()}, load average {LoadAverage()}"));

if (only == "state")
{
    await StateBenchmark.RunAsync(Option("conversations", 1_000_000));
    return;
}

if (options["profile"] is { } text)
{
    await TurnBenchmark.ProfileAsync(text, options["variant"], load);
    return;
}

if (only is null or "activation")
{
    await ActivationBenchmark.RunAsync(turns);
    Console.WriteLine();
}

if (only is null or "turns")
{
    await TurnBenchmark.RunAsync(load, TurnActions.HelpAndActivate);
}

if (only is null or "meetings")
{
    Console.WriteLine();
    await TurnBenchmark.RunAsync(load, TurnActions.Meetings);
}

Console.WriteLine($"Load average at the end: {LoadAverage()}");

// Tiering settings change the figures a lot on a busy machine (see docs/performance.md, "JIT tiering on a busy machine"), so a run names them.
static string JitSettings()
{
    string[] knobs = ["DOTNET_TieredCompilation", "DOTNET_TieredPGO", "DOTNET_TC_QuickJit"];
    var set = knobs.Where(k => Environment.GetEnvironmentVariable(k) is not null).Select(k => $"{k}={Environment.GetEnvironmentVariable(k)}").ToList();
    return set.Count == 0 ? "default JIT tiering" : string.Join(' ', set);
}

// What else the machine was doing (1, 5 and 15 minute averages of runnable processes), where Linux tells.
static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
