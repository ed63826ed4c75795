using System.Diagnostics;
using System.Globalization;
using MeetingBot.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace MeetingBot.Tests.Telemetry;

/// <summary>
/// Turns the host's OpenTelemetry SDK on with in-memory exporters (the app's own configuration decides what is
/// collected) and reads what was exported: spans, log records, and the <c>MeetingBot</c> meter's counters. Only this
/// host's: its spans (<see cref="HostTraces"/>) and its own <c>MeetingBot</c> meter (the app's pipeline takes the meter
/// of its host's <c>IMeterFactory</c>), so hosts of other tests running at the same time are not counted.
/// </summary>
public sealed class TelemetryCapture
{
    private readonly List<MetricSnapshot> _metrics = [];
    private readonly ActivitySource _testSource = new($"MeetingBot.Tests.{Guid.NewGuid():N}");
    private IServiceProvider? _services;

    public List<Activity> Spans { get; } = [];

    public List<LogRecord> Logs { get; } = [];

    /// <summary>The test override that adds the in-memory exporters to the app's registrations.</summary>
    public void Register(IServiceCollection services) =>
        services.AddOpenTelemetry()
            .WithTracing(tracing => tracing
                .AddSource(_testSource.Name)
                .AddProcessor(host => new HostTraces(host, _testSource, new SimpleActivityExportProcessor(new InMemoryExporter<Activity>(Spans)))))
            .WithMetrics(metrics => metrics.AddInMemoryExporter(_metrics))
            .WithLogging(logging => logging.AddInMemoryExporter(Logs));

    public void Attach(IServiceProvider services) => _services = services;

    /// <summary>
    /// A trace of this host's for work the test does itself (calling one of the host's services): its spans, and those of
    /// what it calls, are captured like a request's. Null when the host's sampler does not record it.
    /// </summary>
    public Activity? StartTrace(string name) => _testSource.StartActivity(name);

    /// <summary>
    /// Waits until every span of the trace is exported up to its root. The request's server span ends only after its
    /// response was written, so a test that has read the answer can be ahead of it.
    /// </summary>
    public Task TraceExportedAsync(string traceId) =>
        Poll.UntilAsync(
            () =>
            {
                var trace = Spans.ToArray().Where(s => s.TraceId.ToHexString() == traceId).ToList();
                return trace.Count > 0 && trace.All(s => s.ParentSpanId == default || trace.Any(p => p.SpanId == s.ParentSpanId));
            },
            TimeSpan.FromSeconds(30),
            $"every span of trace {traceId} exported");

    /// <summary>
    /// Every <c>meetingbot.*</c> series now, as <c>name{key=value,…}</c> → count (counter sums, histogram counts,
    /// gauge values), exported on demand.
    /// </summary>
    public IReadOnlyDictionary<string, double> ReadMetrics()
    {
        lock (_metrics)
        {
            _metrics.Clear();
            Assert.True(_services!.GetRequiredService<MeterProvider>().ForceFlush(10_000), "the metrics did not flush");
            var series = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var metric in _metrics.Where(m => m.Name.StartsWith("meetingbot.", StringComparison.Ordinal)))
            {
                foreach (var point in metric.MetricPoints)
                {
                    series[SeriesKey(metric.Name, point)] = Value(metric.MetricType, point);
                }
            }

            return series;
        }
    }

    /// <summary>What moved between two readings (series that did not move are left out).</summary>
    public static Dictionary<string, double> Moved(IReadOnlyDictionary<string, double> before, IReadOnlyDictionary<string, double> after) =>
        after.Select(s => (s.Key, Delta: s.Value - before.GetValueOrDefault(s.Key)))
            .Where(s => s.Delta != 0)
            .ToDictionary(s => s.Key, s => s.Delta, StringComparer.Ordinal);

    public static string Series(string name, params (string Key, string Value)[] tags) =>
        $"{name}{{{string.Join(',', tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}"))}}}";

    /// <summary>Every text the exporters got: span names, attributes, events; metric names and labels; log messages, attributes, scopes.</summary>
    public IEnumerable<string> AllExportedText()
    {
        foreach (var span in Spans.ToArray())
        {
            yield return span.DisplayName;
            yield return span.StatusDescription ?? string.Empty;
            foreach (var tag in span.TagObjects)
            {
                yield return $"{tag.Key}={tag.Value}";
            }

            foreach (var spanEvent in span.Events)
            {
                yield return spanEvent.Name;
                foreach (var tag in spanEvent.Tags)
                {
                    yield return $"{tag.Key}={tag.Value}";
                }
            }
        }

        foreach (var key in ReadMetrics().Keys)
        {
            yield return key;
        }

        foreach (var log in Logs.ToArray())
        {
            yield return log.FormattedMessage ?? string.Empty;
            yield return log.Body ?? string.Empty;
            yield return log.Exception?.ToString() ?? string.Empty;
            foreach (var attribute in log.Attributes ?? [])
            {
                yield return $"{attribute.Key}={attribute.Value}";
            }

            var scopes = new List<string>();
            log.ForEachScope((scope, list) =>
            {
                list.Add(Convert.ToString(scope.Scope, CultureInfo.InvariantCulture) ?? string.Empty);
                foreach (var item in scope)
                {
                    list.Add($"{item.Key}={item.Value}");
                }
            }, scopes);
            foreach (var scope in scopes)
            {
                yield return scope;
            }
        }
    }

    private static string SeriesKey(string name, MetricPoint point)
    {
        var tags = new List<(string, string)>();
        foreach (var tag in point.Tags)
        {
            tags.Add((tag.Key, Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? string.Empty));
        }

        return Series(name, [.. tags]);
    }

    private static double Value(MetricType type, MetricPoint point) => type switch
    {
        MetricType.Histogram => point.GetHistogramCount(),
        MetricType.LongSum or MetricType.LongSumNonMonotonic => point.GetSumLong(),
        MetricType.LongGauge => point.GetGaugeLastValueLong(),
        MetricType.DoubleSum or MetricType.DoubleSumNonMonotonic => point.GetSumDouble(),
        _ => point.GetGaugeLastValueDouble(),
    };
}
