namespace MeetingBot.Telemetry;

/// <summary>The <c>Telemetry</c> section. OTLP and Azure Monitor are turned on by their standard environment variables.</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>Serve the Prometheus scrape endpoint at <c>GET /metrics</c>. Off by default: the endpoint has no authentication.</summary>
    public bool Prometheus { get; set; }

    /// <summary>
    /// When set (for example <c>*:9464</c>), <c>/metrics</c> answers only for requests to that host and port, so it can be
    /// served on a port the public ingress does not expose (add it to <c>--urls</c>/<c>ASPNETCORE_URLS</c>).
    /// </summary>
    public string? PrometheusHost { get; set; }
}
