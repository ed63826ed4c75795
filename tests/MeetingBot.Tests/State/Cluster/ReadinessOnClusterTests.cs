using System.Net;
using MeetingBot.Hosting;
using MeetingBot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MeetingBot.Tests.State.Cluster;

/// <summary>
/// <c>/health/ready</c> of the real host on a Redis Cluster of three masters of its own (the test stops them): ready while
/// every master answers, not ready once one of them does not (its third of the keys cannot be served), nor with all of
/// them stopped; <c>/health/live</c> stays up.
/// </summary>
[Collection(OnRedisCluster.Name)]
public sealed class ReadinessOnClusterTests
{
    [Fact]
    public async Task The_host_is_ready_while_every_master_answers_and_not_ready_with_one_or_all_of_them_stopped()
    {
        var cluster = new RedisCluster();
        await cluster.InitializeAsync();
        try
        {
            await using var app = MeetingBotApp.Build(
            [
                "--urls", "http://127.0.0.1:0", "--environment", "Development",
                $"--Redis:ConnectionString={cluster.Address}", $"--Redis:DataProtectionCertificate={TestCertificates.DataProtectionPfxBase64()}",
            ]);
            await app.StartAsync();

            var ready = await GetAsync(app, "/health/ready");
            var redisWhileUp = await RedisReadinessAsync(app);
            await cluster.Masters[1].StopAsync();
            var oneStopped = await GetAsync(app, "/health/ready");
            var redisWithOneStopped = await RedisReadinessAsync(app);
            foreach (var master in cluster.Masters)
            {
                await master.StopAsync();
            }

            var allStopped = await GetAsync(app, "/health/ready");
            var live = await GetAsync(app, "/health/live");

            Assert.True(ready.StatusCode == HttpStatusCode.OK, $"{redisWhileUp.Status}: {redisWhileUp.Description} {redisWhileUp.Exception}");
            Assert.Equal(HealthStatus.Healthy, redisWhileUp.Status);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, oneStopped.StatusCode);
            Assert.Equal(HealthStatus.Unhealthy, redisWithOneStopped.Status);
            Assert.Contains(cluster.Masters[1].Address, redisWithOneStopped.Description, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, allStopped.StatusCode);
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }

    private static async Task<HealthReportEntry> RedisReadinessAsync(WebApplication app) =>
        (await app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(check => check.Name == "redis")).Entries["redis"];

    private static async Task<HttpResponseMessage> GetAsync(WebApplication app, string path)
    {
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(30) };
        return await http.GetAsync(new Uri(path, UriKind.Relative));
    }
}
