using MeetingBot.Testing;
using System.Net;
using MeetingBot.Channels.BotFramework.DialogState;
using MeetingBot.Hosting;
using MeetingBot.Meetings.Activation;
using MeetingBot.Meetings.Tokens;
using MeetingBot.Meetings;
using MeetingBot.Sandbox;
using MeetingBot.State.AccessTokens;
using MeetingBot.State.Redis.DataProtection;
using MeetingBot.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MeetingBot.Tests.State;

/// <summary>The real host with <c>Redis:ConnectionString</c> set, against a real redis-server; and without it.</summary>
public sealed class StateHostTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private static readonly ChatUser Someone = new("emulator", null, "user-1");
    private readonly string _certificate = TestCertificates.DataProtectionPfxBase64();

    public Task InitializeAsync() => redis.FlushAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Without_Redis_state_is_the_bounded_in_memory_kind()
    {
        await using var app = MeetingBotApp.Build(["--urls", "http://127.0.0.1:0", "--environment", "Development"]);

        Assert.IsType<BoundedMemoryStorage>(app.Services.GetRequiredService<IStorage>());
        Assert.IsType<MemoryAccessTokenStore>(app.Services.GetRequiredService<IAccessTokenStore>());
    }

    [Fact]
    public async Task With_Redis_state_and_tokens_are_in_Redis_encrypted_and_readiness_checks_Redis()
    {
        await using var app = await StartAsync(redis.ConnectionString);

        var ready = await GetAsync(app, "/health/ready");
        var result = await ActivateDemoMeetingAsync(app);
        await app.Services.GetRequiredService<IStorage>().WriteAsync(
            new Dictionary<string, object> { ["msteams/conversations/c1"] = new Dictionary<string, object> { ["LastMeetingId"] = "986030665" } });

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var readiness = await app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(check => check.Tags.Contains("ready"));
        Assert.Equal(HealthStatus.Healthy, readiness.Entries["redis"].Status);
        Assert.Equal(HuaweiSimulatorOptions.DemoRegionIp, result.RegionIp);
        Assert.IsType<RedisStorage>(app.Services.GetRequiredService<IStorage>());
        Assert.IsType<RedisAccessTokenStore>(app.Services.GetRequiredService<IAccessTokenStore>());

        var token = Assert.Single(app.Services.GetRequiredService<HuaweiSimulator>().IssuedAccessTokens);
        var dump = await RedisDump.AllAsync(redis.ConnectionString);
        Assert.Single(dump.Keys, key => key.StartsWith(RedisAccessTokenStore.KeyPrefix, StringComparison.Ordinal));
        Assert.Contains(RedisStorage.KeyPrefix + "msteams/conversations/c1", dump.Keys);
        var keys = dump[RedisKeyRingRepository.KeysKey];
        Assert.Contains("<encryptedSecret decryptorType=\"Microsoft.AspNetCore.DataProtection.XmlEncryption.EncryptedXmlDecryptor", keys, StringComparison.Ordinal);
        Assert.Contains("<X509Certificate>", keys, StringComparison.Ordinal);
        Assert.DoesNotContain("unencrypted", keys, StringComparison.OrdinalIgnoreCase);
        Assert.All(dump, entry =>
        {
            Assert.DoesNotContain(token, entry.Key + entry.Value, StringComparison.Ordinal);
            Assert.DoesNotContain(HuaweiSimulatorOptions.DemoPassword, entry.Key + entry.Value, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Another_replica_with_the_same_Redis_and_certificate_reads_the_token_the_first_one_stored()
    {
        await using var first = await StartAsync(redis.ConnectionString);
        await ActivateDemoMeetingAsync(first);
        var issued = Assert.Single(first.Services.GetRequiredService<HuaweiSimulator>().IssuedAccessTokens);

        var tokenKey = Assert.Single((await RedisDump.AllAsync(redis.ConnectionString)).Keys,
            key => key.StartsWith(RedisAccessTokenStore.KeyPrefix, StringComparison.Ordinal))[RedisAccessTokenStore.KeyPrefix.Length..];

        await using var second = await StartAsync(redis.ConnectionString);
        var seen = await second.Services.GetRequiredService<IAccessTokenStore>().GetAsync(tokenKey, CancellationToken.None);

        Assert.Equal(issued, seen?.Value);
    }

    [Fact]
    public async Task Readiness_fails_while_Redis_is_down_and_the_host_keeps_running()
    {
        var doomed = new RedisServer();
        await doomed.InitializeAsync();
        await using var app = await StartAsync(doomed.ConnectionString);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(app, "/health/ready")).StatusCode);

        await doomed.DisposeAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await GetAsync(app, "/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(app, "/health/live")).StatusCode);
    }

    [Fact]
    public void Redis_without_the_Data_Protection_certificate_refuses_to_start_naming_the_key()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => MeetingBotApp.Build(
            ["--urls", "http://127.0.0.1:0", "--environment", "Development", $"--Redis:ConnectionString={redis.ConnectionString}"]));

        Assert.Contains("Redis:DataProtectionCertificate", failure.Message, StringComparison.Ordinal);
    }

    private async Task<WebApplication> StartAsync(string connectionString)
    {
        var app = MeetingBotApp.Build(
        [
            "--urls", "http://127.0.0.1:0", "--environment", "Development",
            $"--Redis:ConnectionString={connectionString}", $"--Redis:DataProtectionCertificate={_certificate}",
        ]);
        await app.StartAsync();
        return app;
    }

    private static Task<ActivationResult> ActivateDemoMeetingAsync(WebApplication app) =>
        app.Services.GetRequiredService<IMeetingActivationService>()
            .ActivateAsync(Someone, HuaweiSimulatorOptions.DemoMeetingId, HuaweiSimulatorOptions.DemoPassword, CancellationToken.None);

    private static async Task<HttpResponseMessage> GetAsync(WebApplication app, string path)
    {
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(30) };
        return await http.GetAsync(new Uri(path, UriKind.Relative));
    }
}
