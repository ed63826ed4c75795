using MeetingBot.Meetings;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MeetingBot.Hosting;

public static class HealthExtensions
{
    internal const string ReadyTag = "ready";

    public static WebApplicationBuilder AddHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddCheck<MeetingActivationReadiness>("meeting-activation", tags: [ReadyTag]);
        return builder;
    }

    /// <summary><c>/health/live</c>: the process is up (no checks). <c>/health/ready</c>: activations can be served.</summary>
    public static WebApplication MapHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        return app;
    }

    private sealed class MeetingActivationReadiness(IActivationEnvironment environment) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(environment.IsReady
                ? HealthCheckResult.Healthy(environment.IsSandbox ? "sandbox (simulated Huawei Cloud Meeting)" : "Huawei Cloud Meeting configured")
                : HealthCheckResult.Unhealthy(environment.IsSandbox ? "sandbox simulator not running" : "HuaweiMeeting configuration invalid"));
    }
}
