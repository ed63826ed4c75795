using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;

namespace MeetingBot.Tests.Telemetry;

/// <summary>
/// Hands on to <paramref name="next"/> only the spans of one host's traces. Activity sources are process-wide (ASP.NET
/// Core's, HttpClient's, the MeetingBot one), so a host's TracerProvider records the spans of every host in the test
/// process. A trace is this host's when its server span came from this host's ASP.NET Core (the activity source its
/// container holds), when the test started it on this host's behalf (on <paramref name="testSource"/>, a source of its
/// own that only this host listens to), or when <paramref name="alsoOwns"/> says a span outside any such trace is this
/// host's.
/// </summary>
public sealed class HostTraces(IServiceProvider host, ActivitySource? testSource, BaseProcessor<Activity> next, Func<Activity, bool>? alsoOwns = null)
    : BaseProcessor<Activity>
{
    private readonly ActivitySource aspNetCore = host.GetRequiredService<ActivitySource>();
    private readonly ConcurrentDictionary<ActivityTraceId, bool> traces = new();

    public override void OnStart(Activity data)
    {
        if (IsRoot(data))
        {
            traces.TryAdd(data.TraceId, true);
        }

        if (Owns(data))
        {
            next.OnStart(data);
        }
    }

    public override void OnEnd(Activity data)
    {
        if (Owns(data))
        {
            next.OnEnd(data);
        }
    }

    /// <summary>Whether <paramref name="span"/> belongs to this host (its trace started here, or <c>alsoOwns</c> says so).</summary>
    public bool Owns(Activity span) => IsRoot(span) || traces.ContainsKey(span.TraceId) || alsoOwns?.Invoke(span) == true;

    protected override bool OnForceFlush(int timeoutMilliseconds) => next.ForceFlush(timeoutMilliseconds);

    protected override bool OnShutdown(int timeoutMilliseconds) => next.Shutdown(timeoutMilliseconds);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            next.Dispose();
        }

        base.Dispose(disposing);
    }

    private bool IsRoot(Activity span) =>
        (span.Kind == ActivityKind.Server && ReferenceEquals(span.Source, aspNetCore)) || (testSource is not null && ReferenceEquals(span.Source, testSource));
}
