using System.Globalization;
using MeetingBot.Benchmarks;
using Microsoft.Extensions.Configuration;

// Run by hand, never by CI (figures depend on the machine):
//   dotnet run -c Release --project benchmarks/MeetingBot.Benchmarks [--turns 1000] [--rounds 10] [--concurrency 8] [--only turns|activation]
//   [--profile "help"]: MeetingBot alone answering that text under the same load, for dotnet-trace or perf
var options = new ConfigurationBuilder().AddCommandLine(args).Build();
int Option(string key, int fallback) => options[key] is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
var turns = Option("turns", 1_000);
var load = new TurnLoad(Concurrency: Option("concurrency", 8), Rounds: Option("rounds", 10), TurnsPerRound: turns, WarmupTurns: Option("warmup", 1_000));
var only = options["only"];

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"MeetingBot benchmarks: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC, load average {LoadAverage()}"));

if (options["profile"] is { } text)
{
    await TurnBenchmark.ProfileAsync(text, load);
    return;
}

if (only is null or "activation")
{
    await ActivationBenchmark.RunAsync(turns);
    Console.WriteLine();
}

if (only is null or "turns")
{
    await TurnBenchmark.RunAsync(load);
}

Console.WriteLine($"Load average at the end: {LoadAverage()}");

// What else the machine was doing (1, 5 and 15 minute averages of runnable processes), where Linux tells.
static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
