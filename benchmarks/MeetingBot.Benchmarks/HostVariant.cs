using Microsoft.AspNetCore.Builder;

namespace MeetingBot.Benchmarks;

/// <summary>
/// One configuration of MeetingBot's host, measured as its own row beside the anchors in every round.
/// <paramref name="Args"/> are added to the host's command line (configuration keys such as <c>--Telemetry:Prometheus=true</c>);
/// <paramref name="Configure"/> may change its services; <paramref name="Counter"/>, when given, is read before and after
/// each burst and printed per turn (for example Redis round trips).
/// </summary>
internal sealed record HostVariant(string Name, string[] Args, Action<WebApplicationBuilder>? Configure = null, PerTurnCounter? Counter = null)
{
    /// <summary>
    /// The variants measured. Add one per configuration to compare: telemetry on (issue 12: Prometheus exporter and
    /// tracing at 100 %, within 5 % of the first row), Redis state (issue 11: with a counter of Redis round trips per turn).
    /// The first is the reference the others are compared with.
    /// </summary>
    public static IReadOnlyList<HostVariant> All { get; } =
    [
        new("in-memory state", []),
    ];
}

/// <summary>A monotonic count read around each burst of turns, printed as <see cref="Unit"/> per turn.</summary>
internal sealed record PerTurnCounter(string Unit, Func<long> Read);
