using System.Globalization;
using MeetingBot.Meetings.Protection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace MeetingBot.State.HuaweiPauses;

/// <summary>
/// Huawei's pauses shared by every replica: a replica that sees a 429 (or an exhausted limit) writes the pause
/// to the hash <see cref="PausesKey"/> (field: endpoint, value: until, in Unix ms; the hash expires with its latest pause)
/// and publishes it on the channel of the same name. Every replica keeps the pauses it knows in memory, reads them from
/// the hash when it starts and whenever its connection comes back, and hears new ones on the channel. So reading a pause,
/// before every Huawei request, never leaves the process.
/// </summary>
public sealed class RedisHuaweiPauses(IConnectionMultiplexer redis, TimeProvider time, ILogger<RedisHuaweiPauses> logger)
    : IHuaweiPauses, IHostedService
{
    public const string PausesKey = "meetingbot:huawei-pauses";

    // Keeps the later of the known and the new pause for the endpoint (pausedUntil, in Unix ms), makes the hash live as long as
    // its latest pause (from now, in Unix ms), and announces the pause on the channel named like the hash.
    private static readonly LuaScript PauseScript = LuaScript.Prepare("""
        local known = tonumber(redis.call('HGET', @pauses, @endpoint) or '0')
        local later = math.max(known, tonumber(@pausedUntil))
        redis.call('HSET', @pauses, @endpoint, later)
        local left = later - tonumber(@now)
        if redis.call('PTTL', @pauses) < left then redis.call('PEXPIRE', @pauses, left) end
        redis.call('PUBLISH', @pauses, later .. ' ' .. @endpoint)
        return later
        """);

    private static readonly RedisChannel Channel = RedisChannel.Literal(PausesKey);

    private readonly MemoryHuaweiPauses _known = new();
    private volatile bool _subscribed;

    public DateTimeOffset PausedUntil(string key) => _known.PausedUntil(key);

    public async ValueTask PauseUntilAsync(string key, DateTimeOffset until)
    {
        _known.Keep(key, until);
        try
        {
            await PauseScript.EvaluateAsync(redis.GetDatabase(), new
            {
                pauses = (RedisKey)PausesKey,
                endpoint = key,
                pausedUntil = until.ToUnixTimeMilliseconds(),
                now = time.GetUtcNow().ToUnixTimeMilliseconds(),
            });
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // This replica pauses anyway; the others learn of it from their own 429.
            logger.LogWarning(e, "Could not share the Huawei rate-limit pause for {Endpoint} through Redis", key);
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        redis.ConnectionRestored += OnConnectionRestored;
        try
        {
            await SubscribeAndLoadAsync();
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogWarning(e, "Could not read the Huawei rate-limit pauses from Redis; they are read again when the connection returns");
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        redis.ConnectionRestored -= OnConnectionRestored;
        try
        {
            await redis.GetSubscriber().UnsubscribeAsync(Channel);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogDebug(e, "Could not unsubscribe from the Huawei rate-limit pauses");
        }
    }

    private void Heard(RedisValue message)
    {
        var text = message.ToString();
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        if (space > 0 && long.TryParse(text.AsSpan(0, space), NumberStyles.Integer, CultureInfo.InvariantCulture, out var until))
        {
            _known.Keep(text[(space + 1)..], DateTimeOffset.FromUnixTimeMilliseconds(until));
        }
    }

    /// <summary>Subscribed first, so that no hold published between the read and the subscription is missed.</summary>
    private async Task SubscribeAndLoadAsync()
    {
        if (!_subscribed)
        {
            await redis.GetSubscriber().SubscribeAsync(Channel, (_, message) => Heard(message));
            _subscribed = true;
        }

        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        foreach (var hold in await redis.GetDatabase().HashGetAllAsync(PausesKey))
        {
            if (long.TryParse(hold.Value.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var until))
            {
                _known.Keep(hold.Name.ToString(), DateTimeOffset.FromUnixTimeMilliseconds(until));
            }
        }
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e) => _ = ReloadAsync();

    private async Task ReloadAsync()
    {
        try
        {
            await SubscribeAndLoadAsync();
        }
        catch (Exception failure) when (failure is RedisException or TimeoutException)
        {
            logger.LogWarning(failure, "Could not read the Huawei rate-limit pauses from Redis after reconnecting");
        }
    }
}
