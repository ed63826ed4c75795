using System.Text;
using StackExchange.Redis;

namespace MeetingBot.Testing;

/// <summary>Every key in Redis (on every master of a cluster) with every value it holds, as text: what someone who can read Redis would see.</summary>
public static class RedisDump
{
    /// <summary>Every key but the Data Protection keys (which any store that encrypts keeps in Redis too).</summary>
    public static async Task<IReadOnlyDictionary<string, string>> WithoutKeyRingAsync(string connectionString) =>
        (await AllAsync(connectionString)).Where(entry => entry.Key != MeetingBot.State.Redis.DataProtection.RedisKeyRingRepository.KeysKey).ToDictionary();

    public static async Task<IReadOnlyDictionary<string, string>> AllAsync(string connectionString)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(connectionString + ",allowAdmin=true");
        var database = redis.GetDatabase();
        var dump = new Dictionary<string, string>(StringComparer.Ordinal);
        // Every master's keys: one server, or each master of a cluster (a cluster's replicas hold copies of them).
        foreach (var key in redis.GetServers().Where(server => !server.IsReplica).SelectMany(server => server.Keys(pattern: "*")))
        {
            var type = await database.KeyTypeAsync(key);
            if (type == RedisType.None)
            {
                continue; // deleted since the scan listed it (a dump taken while the bot works, e.g. a late outcome closed)
            }

            dump[key.ToString()] = type switch
            {
                RedisType.String => Text(await database.StringGetAsync(key)),
                RedisType.Hash => string.Join("\n", (await database.HashGetAllAsync(key)).Select(e => $"{e.Name}={Text(e.Value)}")),
                RedisType.List => string.Join("\n", (await database.ListRangeAsync(key)).Select(Text)),
                RedisType.Set => string.Join("\n", (await database.SetMembersAsync(key)).Select(Text)),
                RedisType.SortedSet => string.Join("\n", (await database.SortedSetRangeByRankWithScoresAsync(key)).Select(e => $"{Text(e.Element)}={e.Score}")),
                var other => throw new InvalidOperationException($"{key} is a {other}: teach RedisDump to read it"),
            };
        }

        return dump;
    }

    // Binary values (encrypted tokens) read as Latin-1 so that any readable run of bytes would still show.
    private static string Text(RedisValue value) => value.IsNull ? string.Empty : Encoding.Latin1.GetString((byte[])value!);
}
