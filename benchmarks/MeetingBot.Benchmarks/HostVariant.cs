using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace MeetingBot.Benchmarks;

/// <summary>
/// One configuration of MeetingBot's host, measured as its own row beside the anchors in every round.
/// <paramref name="Args"/> are added to the host's command line (configuration keys such as <c>--Telemetry:Prometheus=true</c>);
/// <paramref name="Configure"/> may change its services; <paramref name="Counter"/>, when given, is read before and after
/// each burst and printed per turn (for example Redis round trips). <paramref name="OwnProcess"/> serves it from a child
/// process (<see cref="VariantProcess"/>); <paramref name="Baseline"/> names the row its throughput ratio is taken against
/// (the first row when null).
/// </summary>
internal sealed record HostVariant(
    string Name,
    string[] Args,
    Action<WebApplicationBuilder>? Configure = null,
    PerTurnCounter? Counter = null,
    bool OwnProcess = false,
    string? Baseline = null)
{
    private const string TelemetryOff = "own process, telemetry off";

    /// <summary>
    /// The variants measured. Add one per configuration to compare: telemetry on (issue 12: Prometheus exporter and
    /// tracing at 100 %, within 5 % of the first row), Redis state (issue 11: with a counter of Redis round trips per turn).
    /// The first is the reference the others are compared with.
    /// </summary>
    public static IReadOnlyList<HostVariant> All { get; } =
    [
        new("in-memory state", []),
        // Telemetry listens process-wide, so both of its rows run in child processes (against this process's stub Huawei).
        new(TelemetryOff, [], OwnProcess: true),
        new("own process, telemetry on (Prometheus, tracing 100 %)", ["--Telemetry:Prometheus=true"], TraceEverything, OwnProcess: true, Baseline: TelemetryOff),
    ];

    /// <summary>Every span sampled and handed to a batch exporter, as with OTLP, but discarded instead of sent.</summary>
    private static void TraceEverything(WebApplicationBuilder builder) =>
        builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing
            .SetSampler(new AlwaysOnSampler())
            .AddProcessor(new BatchActivityExportProcessor(new DiscardingExporter())));

    private sealed class DiscardingExporter : BaseExporter<System.Diagnostics.Activity>
    {
        public override ExportResult Export(in Batch<System.Diagnostics.Activity> batch) => ExportResult.Success;
    }
}

/// <summary>A monotonic count read around each burst of turns, printed as <see cref="Unit"/> per turn.</summary>
internal sealed record PerTurnCounter(string Unit, Func<long> Read);
