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

    // KEYS[1] the hash. ARGV: endpoint, until (Unix ms), now (Unix ms). Keeps the later pause; the hash lives as long as its latest.
    private const string PauseScript = """
        local known = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
        local later = math.max(known, tonumber(ARGV[2]))
        redis.call('HSET', KEYS[1], ARGV[1], later)
        local left = later - tonumber(ARGV[3])
        if redis.call('PTTL', KEYS[1]) < left then redis.call('PEXPIRE', KEYS[1], left) end
        redis.call('PUBLISH', KEYS[1], later .. ' ' .. ARGV[1])
        return later
        """;

    private static readonly RedisChannel Channel = RedisChannel.Literal(PausesKey);

    private readonly MemoryHuaweiPauses _known = new();
    private volatile bool _subscribed;

    public DateTimeOffset PausedUntil(string key) => _known.PausedUntil(key);

    public async ValueTask PauseUntilAsync(string key, DateTimeOffset until)
    {
        _known.Keep(key, until);
        try
        {
            await redis.GetDatabase().ScriptEvaluateAsync(PauseScript, [PausesKey],
                [key, until.ToUnixTimeMilliseconds(), time.GetUtcNow().ToUnixTimeMilliseconds()]);
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
