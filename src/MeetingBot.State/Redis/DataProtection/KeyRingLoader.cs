using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace MeetingBot.State.Redis.DataProtection;

/// <summary>
/// Keeps <see cref="RedisKeyRingRepository"/>'s copy of the Data Protection keys loaded, off every request's path:
/// <list type="bullet">
/// <item>at startup, before the server takes requests (its start waits up to <see cref="StartupWait"/> for Redis), then
/// builds the key ring once, so no request builds it;</item>
/// <item>every <see cref="RefreshEvery"/> and whenever the connection comes back, reads Redis again: keys another replica
/// added make every replica rebuild its key ring (<see cref="KeyRingFollowingRedis"/>), in the background;</item>
/// <item>when Redis came back without the keys it had (restarted with its data lost), stores a new key at once, so that
/// no replica goes on encrypting tokens with a key that only the replicas running now still hold.</item>
/// </list>
/// While the keys were never loaded, the replica is not ready and its turns answer "temporarily unavailable".
/// </summary>
public sealed class KeyRingLoader(
    RedisKeyRingRepository repository,
    IConnectionMultiplexer redis,
    IKeyManager keys,
    IDataProtectionProvider dataProtection,
    TimeProvider time,
    ILogger<KeyRingLoader> logger) : BackgroundService
{
    /// <summary>How long a starting replica waits for Redis before it starts anyway (not ready until the keys are read).</summary>
    public static readonly TimeSpan StartupWait = TimeSpan.FromSeconds(5);

    public static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(10);

    /// <summary>How long a key made here is used before Data Protection rotates it (its own default).</summary>
    public static readonly TimeSpan KeyLifetime = TimeSpan.FromDays(90);

    private readonly SemaphoreSlim oneAtATime = new(1, 1);
    private volatile bool ready;

    /// <summary>The keys were read and the key ring built: tokens can be encrypted and decrypted without waiting on Redis.</summary>
    public bool IsReady => ready;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        redis.ConnectionRestored += OnConnectionRestored;
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(StartupWait);
        while (!ready && !bounded.IsCancellationRequested)
        {
            if (!await RefreshAsync())
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), time, bounded.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        if (!ready)
        {
            logger.LogWarning("The Data Protection keys could not be read from Redis within {StartupWait}; not ready until they are", StartupWait);
        }

        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        redis.ConnectionRestored -= OnConnectionRestored;
        await base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        oneAtATime.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = ready ? RefreshEvery : TimeSpan.FromSeconds(1);
            await Task.Delay(wait, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (!stoppingToken.IsCancellationRequested)
            {
                await RefreshAsync();
            }
        }
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs restored)
    {
        if (restored.ConnectionType == ConnectionType.Interactive)
        {
            // Off the library's connection thread: loading is a Redis call itself.
            _ = Task.Run(RefreshAsync);
        }
    }

    /// <summary>
    /// Reads the keys from Redis (storing a new one if Redis lost them), and builds the key ring the first time; false when
    /// Redis could not be read (logged), to be tried again later.
    /// </summary>
    public async Task<bool> RefreshAsync()
    {
        await oneAtATime.WaitAsync();
        try
        {
            var hadKeys = repository.KeyIds.Count > 0;
            await repository.LoadAsync();
            if (repository.KeyIds.Count == 0 && hadKeys)
            {
                // Synchronous key store (Data Protection's interface): on this background thread, never a request's.
                var now = time.GetUtcNow();
                await Task.Run(() => keys.CreateNewKey(activationDate: now, expirationDate: now + KeyLifetime));
                logger.LogWarning("Redis came back without the Data Protection keys (its data was lost): stored a new key; users sign in to Huawei again");
            }

            if (!ready)
            {
                // Builds the key ring here (and the first key, when Redis has none), so that no request has to.
                await Task.Run(() => dataProtection.CreateProtector(nameof(KeyRingLoader)).Protect([0]));
                ready = true;
                logger.LogInformation("Data Protection keys loaded from Redis ({KeyCount} keys)", repository.KeyIds.Count);
            }

            return true;
        }
        catch (Exception exception) when (StateOutage.Caused(exception))
        {
            logger.LogWarning(exception, "Could not read the Data Protection keys from Redis; trying again shortly");
            return false;
        }
        finally
        {
            oneAtATime.Release();
        }
    }
}
