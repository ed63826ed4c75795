using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;
using StackExchange.Redis;

namespace MeetingBot.Benchmarks;

/// <summary>
/// One configuration of MeetingBot's host, measured as its own row beside the anchors in every round.
/// <paramref name="Args"/> are added to the host's command line (configuration keys such as <c>--Telemetry:Prometheus=true</c>);
/// <paramref name="Configure"/> may change its services; <paramref name="Counter"/>, when given, is read before and after
/// each burst and printed per turn (Redis commands); <paramref name="Started"/> runs once the host has started.
/// <paramref name="OwnProcess"/> serves it from a child process (<see cref="VariantProcess"/>); <paramref name="Baseline"/>
/// names the row its throughput ratio is taken against (the first row when null).
/// </summary>
internal sealed record HostVariant(
    string Name,
    string[] Args,
    Action<WebApplicationBuilder>? Configure = null,
    PerTurnCounter? Counter = null,
    bool OwnProcess = false,
    string? Baseline = null,
    Action<WebApplication>? Started = null)
{
    private const string TelemetryOff = "own process, telemetry off";
    private const string RedisStateName = "Redis state";

    /// <summary>
    /// The variants measured: telemetry on (issue 12: Prometheus exporter and tracing at 100 %, within 5 % of telemetry
    /// off), the same with a tenth of the traces sampled, and, when a Redis server is given, Redis state (issue 11: with
    /// its Redis commands counted per turn), and when a Redis Cluster is given too, Redis state on it (compared with the
    /// single server's row).
    /// The first is the reference the others are compared with.
    /// </summary>
    /// <param name="telemetryOffTwice">Adds a second telemetry-off row (A/A): its ratio to the first shows the noise.</param>
    public static IReadOnlyList<HostVariant> All(BenchmarkRedis? redis, BenchmarkRedis? cluster = null, bool telemetryOffTwice = false)
    {
        List<HostVariant> variants = [new("in-memory state", [])];
        if (redis is not null)
        {
            variants.Add(RedisState(RedisStateName, redis));
            if (cluster is not null)
            {
                variants.Add(RedisState("Redis Cluster state (three masters)", cluster, baseline: RedisStateName));
            }
        }

        // Telemetry listens process-wide, so its rows run in child processes (against this process's stub Huawei).
        variants.Add(new(TelemetryOff, [], OwnProcess: true));
        variants.Add(new("own process, telemetry on (Prometheus, tracing 100 %)", ["--Telemetry:Prometheus=true"], TraceEverything, OwnProcess: true, Baseline: TelemetryOff));
        // A production sampler, set by the standard variables the SDK reads from configuration: how much of the cost
        // depends on how many traces are kept.
        variants.Add(new("own process, telemetry on, 10 % of traces sampled",
            ["--Telemetry:Prometheus=true", "--OTEL_TRACES_SAMPLER=parentbased_traceidratio", "--OTEL_TRACES_SAMPLER_ARG=0.1"],
            ExportTraces, OwnProcess: true, Baseline: TelemetryOff));
        if (telemetryOffTwice)
        {
            variants.Add(new("own process, telemetry off again (A/A)", [], OwnProcess: true, Baseline: TelemetryOff));
        }
        return variants;
    }

    private static HostVariant RedisState(string name, BenchmarkRedis redis, string? baseline = null)
    {
        var commands = new RedisCommandCounter();
        return new(
            name,
            [$"--Redis:ConnectionString={redis.ConnectionString}", $"--Redis:DataProtectionCertificate={redis.DataProtectionCertificate}"],
            Counter: new PerTurnCounter("Redis commands", commands.Read),
            Baseline: baseline,
            Started: app => commands.Attach(app.Services.GetRequiredService<IConnectionMultiplexer>()));
    }

    /// <summary>Every span sampled and handed to a batch exporter, as with OTLP, but discarded instead of sent.</summary>
    private static void TraceEverything(WebApplicationBuilder builder) =>
        builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing
            .SetSampler(new AlwaysOnSampler())
            .AddProcessor(new BatchActivityExportProcessor(new DiscardingExporter())));

    /// <summary>The spans the configured sampler keeps, handed to a batch exporter that discards them.</summary>
    private static void ExportTraces(WebApplicationBuilder builder) =>
        builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing
            .AddProcessor(new BatchActivityExportProcessor(new DiscardingExporter())));

    private sealed class DiscardingExporter : BaseExporter<System.Diagnostics.Activity>
    {
        public override ExportResult Export(in Batch<System.Diagnostics.Activity> batch) => ExportResult.Success;
    }
}

/// <summary>Monotonic counts by kind, read around each burst of turns and printed as <see cref="Unit"/> per turn, in all and by kind.</summary>
internal sealed record PerTurnCounter(string Unit, Func<IReadOnlyDictionary<string, long>> Read);

/// <summary>A redis-server or Redis Cluster of the benchmark's own (the tests' fixtures, stopped by pid) and what a host needs to use it.</summary>
internal sealed record BenchmarkRedis(string ConnectionString, string DataProtectionCertificate);
