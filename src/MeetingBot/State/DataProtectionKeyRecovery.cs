using MeetingBot.Hosting;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using StackExchange.Redis;

namespace MeetingBot.State;

/// <summary>
/// Puts a Data Protection key back into Redis when Redis comes back without one (restarted with its data lost).
/// Without it, each running replica would go on encrypting tokens with the key it still holds in memory, a key no
/// replica started later can read, until its key ring refreshes a day later. A new key in Redis makes every replica
/// reload its key ring and use that key, so tokens stored from then on are readable by all of them. Several replicas
/// may each add one; all of them stay readable.
/// </summary>
public sealed class DataProtectionKeyRecovery(
    IConnectionMultiplexer redis,
    IKeyManager keys,
    TimeProvider time,
    ILogger<DataProtectionKeyRecovery> logger) : IHostedService
{
    /// <summary>How long a key made here is used before Data Protection rotates it (its own default).</summary>
    public static readonly TimeSpan KeyLifetime = TimeSpan.FromDays(90);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        redis.ConnectionRestored += OnConnectionRestored;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        redis.ConnectionRestored -= OnConnectionRestored;
        return Task.CompletedTask;
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs restored)
    {
        if (restored.ConnectionType == ConnectionType.Interactive)
        {
            // Off the library's connection thread: the check and the key write are Redis calls themselves.
            _ = Task.Run(RestoreKeyIfLostAsync);
        }
    }

    private async Task RestoreKeyIfLostAsync()
    {
        try
        {
            if (await redis.GetDatabase().KeyExistsAsync(StateExtensions.DataProtectionKeysKey))
            {
                return;
            }

            var now = time.GetUtcNow();
            keys.CreateNewKey(activationDate: now, expirationDate: now + KeyLifetime);
            logger.LogWarning("Redis came back without the Data Protection keys (its data was lost): stored a new key; users sign in to Huawei again");
        }
        catch (Exception exception) when (StateOutage.Caused(exception))
        {
            logger.LogWarning(exception, "Could not check the Data Protection keys after Redis came back; the next reconnect tries again");
        }
    }
}
