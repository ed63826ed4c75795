using System.Diagnostics;
using System.Net;
using MeetingBot.Meetings.Tokens;
using MeetingBot.Sandbox;
using MeetingBot.State.AccessTokens;
using MeetingBot.State.Redis.DataProtection;
using MeetingBot.State.Redis;
using MeetingBot.State;
using MeetingBot.Testing;
using MeetingBot.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace MeetingBot.Tests.State;

/// <summary>
/// Issue 19: the Data Protection keys (which encrypt tokens and late-outcome addresses in Redis) are read from Redis
/// at startup and in the background, never while a request waits; a replica is ready only once it has them; what one
/// replica encrypts, every other can decrypt.
/// </summary>
public sealed class KeyRingTests(RedisServer server) : IClassFixture<RedisServer>, IAsyncLifetime
{
    public Task InitializeAsync() => server.FlushAsync();

    public async Task DisposeAsync()
    {
        if (!server.IsRunning)
        {
            await server.StartAsync();
        }
    }

    [Fact]
    public async Task Once_loaded_the_keys_serve_every_encryption_even_while_Redis_is_frozen()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
        await using var keys = await RedisDataProtection.StartAsync(redis);
        var protector = keys.Provider.CreateProtector("test");
        var sealedBefore = protector.Protect([1, 2, 3]);

        await server.PauseAsync();
        try
        {
            var clock = Stopwatch.StartNew();
            var sealedNow = protector.Protect([4, 5, 6]);
            var opened = protector.Unprotect(sealedBefore);
            clock.Stop();

            Assert.Equal([1, 2, 3], opened);
            Assert.Equal([4, 5, 6], protector.Unprotect(sealedNow));
            Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(500), $"encrypting waited {clock.Elapsed} on a frozen Redis");
            Assert.NotEmpty(keys.Keys.GetAllElements());
        }
        finally
        {
            await server.ResumeAsync();
        }
    }

    [Fact]
    public void Keys_never_read_from_Redis_are_a_state_outage_not_a_bug()
    {
        var repository = new RedisKeyRingRepository(null!);

        var unavailable = Assert.Throws<KeyRingUnavailableException>(() => repository.GetAllElements());

        Assert.True(StateOutage.Caused(unavailable));
        Assert.False(repository.IsLoaded);
    }

    [Fact]
    public async Task A_key_another_replica_stored_since_is_read_from_Redis_when_a_value_needs_it()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
        await using var replicaA = await RedisDataProtection.StartAsync(redis);
        await using var replicaB = await RedisDataProtection.StartAsync(redis, replicaA.Certificate);
        var tokensOfB = replicaB.TokenStore(redis);

        // Replica A rotates to a key B has never seen, and stores a token with it.
        var now = DateTimeOffset.UtcNow;
        var rotated = replicaA.Services.GetRequiredService<IKeyManager>().CreateNewKey(now, now.AddDays(90));
        var probe = replicaA.Provider.CreateProtector("probe");
        await Poll.UntilAsync(() => new Guid(probe.Protect([0]).AsSpan(4, 16)) == rotated.KeyId, TimeSpan.FromSeconds(5), "replica A encrypting with its new key");
        var tokensOfA = replicaA.TokenStore(redis);
        var token = new AccessToken("token-after-rotation", now.AddHours(1));
        await tokensOfA.SetAsync("user-1", token, TimeSpan.FromMinutes(5), CancellationToken.None);

        Assert.DoesNotContain(rotated.KeyId, replicaB.Keys.KeyIds);
        Assert.Equal(token, await tokensOfB.GetAsync("user-1", CancellationToken.None));
        Assert.Contains(rotated.KeyId, replicaB.Keys.KeyIds);
    }

    [Fact]
    public async Task After_Redis_lost_its_keys_a_new_one_is_stored_and_no_token_is_written_with_a_lost_key()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
        await using var replica = await RedisDataProtection.StartAsync(redis);
        var lost = Assert.Single(replica.Keys.KeyIds);

        await server.FlushAsync();
        Assert.True(await replica.Services.GetRequiredService<KeyRingLoader>().RefreshAsync());
        await replica.TokenStore(redis).SetAsync("user-1", new AccessToken("token-after-loss", DateTimeOffset.UtcNow.AddHours(1)), TimeSpan.FromMinutes(5), CancellationToken.None);

        var stored = (byte[])(await redis.GetDatabase().StringGetAsync(RedisAccessTokenStore.KeyPrefix + "user-1"))!;
        var sealedWith = new Guid(stored.AsSpan(4, 16));
        Assert.NotEqual(lost, sealedWith);
        Assert.Contains(sealedWith, replica.Keys.KeyIds);
        Assert.Equal(1, (int)await redis.GetDatabase().ListLengthAsync(RedisKeyRingRepository.KeysKey));
    }

    [Fact]
    public async Task A_replica_started_while_Redis_is_down_is_not_ready_and_says_temporarily_unavailable_until_it_has_the_keys()
    {
        await server.StopAsync();
        await using var app = new MeetingBotApplication()
            .WithSetting("Redis:ConnectionString", server.Address)
            .WithSetting("Redis:DataProtectionCertificate", TestCertificates.DataProtectionPfxBase64());
        await app.StartAsync();
        var chat = new BotConversation(app, ActivityFixtures.Emulator, customize: null);

        var notReady = await app.Http.GetAsync(new Uri("/health/ready", UriKind.Relative));
        var answer = await chat.SendTextAsync($"activate {HuaweiSimulatorOptions.DemoMeetingId} {HuaweiSimulatorOptions.DemoPassword}");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        var readiness = await app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(check => check.Tags.Contains("ready"));
        Assert.Equal(HealthStatus.Unhealthy, readiness.Entries["data-protection-keys"].Status);
        Assert.Equal("MeetingBot is temporarily unavailable. Please try again shortly.", Assert.Single(answer.Texts()));

        await server.StartAsync();
        await Poll.UntilAsync(() => app.Services.GetRequiredService<KeyRingLoader>().IsReady, TimeSpan.FromSeconds(10), "the keys loaded once Redis is back");
        var ready = await app.Http.GetAsync(new Uri("/health/ready", UriKind.Relative));
        var activated = await chat.SendTextAsync($"activate {HuaweiSimulatorOptions.DemoMeetingId} {HuaweiSimulatorOptions.DemoPassword}");

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains(HuaweiSimulatorOptions.DemoRegionIp, activated.SingleCard().TextBlocks());
    }
}
