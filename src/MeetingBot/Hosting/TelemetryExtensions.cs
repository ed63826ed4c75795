using Azure.Monitor.OpenTelemetry.AspNetCore;
using MeetingBot.Meetings.Telemetry;
using MeetingBot.State.Redis;
using MeetingBot.State;
using MeetingBot.Telemetry;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.Metrics;
using Microsoft.Extensions.Http;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using OpenTelemetry;

namespace MeetingBot.Hosting;

/// <summary>
/// OpenTelemetry the standard way (the shape of eShop's service defaults): logs, metrics and traces with the ASP.NET
/// Core, HttpClient and runtime instrumentations (StackExchange.Redis too when Redis state is on) and the <c>MeetingBot</c>
/// meter and activity source, configured here
/// once. The SDK runs only when something exports: OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, Prometheus
/// at <c>GET /metrics</c> when <c>Telemetry:Prometheus</c> is true, Azure Monitor when
/// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set. Without any of them telemetry costs nothing; log lines still
/// carry the trace id that users see as the reference of an error.
/// </summary>
public static class TelemetryExtensions
{
    public const string DefaultServiceName = "meetingbot";
    public const string MetricsPath = "/metrics";

    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.AddOptions<TelemetryOptions>().Bind(configuration.GetSection(TelemetryOptions.SectionName));

        // What to collect, whoever turns the SDK on (the exporters below, or a test's in-memory exporter).
        var serviceName = configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : DefaultServiceName;
        services.ConfigureOpenTelemetryTracerProvider(tracing => ConfigureTracing(tracing.ConfigureResource(r => r.AddService(serviceName))));
        if (configuration.GetSection(RedisOptions.SectionName).Get<RedisOptions>()?.IsEnabled == true)
        {
            // The app's one IConnectionMultiplexer, from the container: each command becomes a span under what was current
            // when it ran (the turn, the activation). Its statement is the command's name only; verbose statements would add
            // keys (user and conversation ids) and scripts. Values (tokens, state) are recorded in neither case.
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddRedisInstrumentation(redis => redis.SetVerboseDatabaseStatements = false));
        }

        services.ConfigureOpenTelemetryMeterProvider(metrics => ConfigureMetrics(metrics.ConfigureResource(r => r.AddService(serviceName))));
        // The MeetingBot meter this host's IMeterFactory made, not any meter of that name: another host in the same
        // process (tests run many) has its own, and its counts are not this host's.
        services.AddMetrics(metrics => metrics.EnableMetrics(MeetingBotMetrics.MeterName, scopes: MeterScope.Local));
        services.ConfigureOpenTelemetryLoggerProvider(logging => logging.ConfigureResource(r => r.AddService(serviceName)));
        services.Configure<OpenTelemetryLoggerOptions>(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        var otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var azureMonitor = !string.IsNullOrWhiteSpace(configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]);
        var prometheus = configuration.GetSection(TelemetryOptions.SectionName).GetValue<bool>(nameof(TelemetryOptions.Prometheus));
        if (otlp || azureMonitor)
        {
            services.AddOpenTelemetry().WithTracing().WithMetrics().WithLogging();
        }

        if (otlp)
        {
            services.AddOpenTelemetry().UseOtlpExporter();
        }

        if (azureMonitor)
        {
            services.AddOpenTelemetry().UseAzureMonitor();
        }

        if (prometheus)
        {
            services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddPrometheusExporter());
        }

        return builder;
    }

    /// <summary><c>GET /metrics</c> for Prometheus when <c>Telemetry:Prometheus</c> is true; otherwise no such route (404).</summary>
    public static WebApplication MapTelemetry(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<TelemetryOptions>>().Value;
        if (options.Prometheus)
        {
            var endpoint = app.MapPrometheusScrapingEndpoint(MetricsPath);
            if (!string.IsNullOrWhiteSpace(options.PrometheusHost))
            {
                endpoint.RequireHost(options.PrometheusHost);
            }
        }

        return app;
    }

    /// <summary>
    /// Built-in instruments recorded several times in every request (each pooled buffer rented, each connection going idle
    /// and busy) that no dashboard or query of ours reads. Dropped by a view, the SDK does not listen to them at all:
    /// in a profile of an activation turn they were about a third of what the metrics cost it. The request-level ones stay (<c>http.server.request.duration</c>,
    /// <c>http.client.request.duration</c>, the active request counts, Kestrel's connections).
    /// </summary>
    internal static readonly string[] DroppedInstruments =
    [
        "aspnetcore.memory_pool.*",
        "aspnetcore.routing.match_attempts",
        "http.client.open_connections",
        "http.client.connection.duration",
        "http.client.request.time_in_queue",
    ];

    private static void ConfigureMetrics(MeterProviderBuilder metrics)
    {
        metrics
            .AddAspNetCoreInstrumentation()
            .AddHttpClientInstrumentation()
            .AddRuntimeInstrumentation();
        foreach (var instrument in DroppedInstruments)
        {
            metrics.AddView(instrument, MetricStreamConfiguration.Drop);
        }
    }

    private static void ConfigureTracing(TracerProviderBuilder tracing) => tracing
        .AddSource(MeetingBotTracing.SourceName)
        .AddAspNetCoreInstrumentation(aspNetCore =>
        {
            // Probes and scrapes every few seconds would drown the turns.
            aspNetCore.Filter = context => !IsProbeOrScrape(context.Request.Path);
        })
        .AddHttpClientInstrumentation(http =>
        {
            // Headers and bodies are never recorded (the instrumentation records neither unless told to). A URL's path is
            // kept only where it names an API (Huawei's endpoints, the Bot Connector): a Slack response_url path is a
            // capability, and other paths may carry tenant ids. The query never (Huawei's holds what a user searched for),
            // nor user information.
            http.EnrichWithHttpRequestMessage = (activity, request) =>
            {
                if (request.RequestUri is { IsAbsoluteUri: true } uri)
                {
                    activity.SetTag("url.full", HasTellingPath(uri)
                        ? uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped)
                        : uri.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped) + "/…");
                }
            };
        });

    private static bool IsProbeOrScrape(PathString path) =>
        path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments(MetricsPath, StringComparison.OrdinalIgnoreCase);

    private static bool HasTellingPath(Uri uri)
    {
        var path = uri.AbsolutePath;
        return HuaweiRequestMetricsHandler.EndpointOf(path) is not null || path.StartsWith("/v3/conversations/", StringComparison.Ordinal);
    }
}
