using System.Net;
using System.Net.Sockets;
using MeetingBot.Testing;
using StackExchange.Redis;

namespace MeetingBot.Tests.State.Cluster;

public class RedisClusterTests
{
    [Fact]
    public async Task Starts_three_masters_that_share_every_slot_refuses_cross_slot_commands_and_is_gone_after_dispose()
    {
        var cluster = new RedisCluster();
        await cluster.InitializeAsync();
        var ports = cluster.Masters.SelectMany(master => new[] { master.Port, master.BusPort }).ToList();
        try
        {
            await using var redis = await cluster.EmptyAndConnectAsync();
            var servers = redis.GetServers();

            Assert.Equal(3, servers.Length);
            Assert.All(servers, server => Assert.Equal(ServerType.Cluster, server.ServerType));
            Assert.All(servers, server => Assert.False(server.IsReplica));
            Assert.Equal(6, ports.Distinct().Count());
            var info = await cluster.Masters[0].SendAsync("CLUSTER INFO");
            Assert.Contains("cluster_slots_assigned:16384", info, StringComparison.Ordinal);
            Assert.Contains("cluster_known_nodes:3", info, StringComparison.Ordinal);
            Assert.Contains("cluster_size:3", info, StringComparison.Ordinal);
            var persistence = await cluster.Masters[0].SendAsync("CONFIG GET appendonly");
            Assert.Contains("no", persistence, StringComparison.Ordinal);
            // StackExchange.Redis checks the slots of a multi-key command before sending it.
            await Assert.ThrowsAsync<RedisCommandException>(() => redis.GetDatabase().StringGetAsync(["a", "b"]));
            Assert.Equal(2, (await redis.GetDatabase().StringGetAsync(["{a}1", "{a}2"])).Length);
        }
        finally
        {
            await cluster.DisposeAsync();
        }

        foreach (var port in ports)
        {
            using var client = new TcpClient();
            await Assert.ThrowsAnyAsync<SocketException>(() => client.ConnectAsync(IPAddress.Loopback, port));
        }
    }

    [Fact]
    public async Task Flushing_empties_every_master()
    {
        var cluster = new RedisCluster();
        await cluster.InitializeAsync();
        try
        {
            await using var redis = await cluster.EmptyAndConnectAsync();
            for (var i = 0; i < 30; i++)
            {
                await redis.GetDatabase().StringSetAsync($"key-{i}", i);
            }

            var before = await cluster.KeysPerMasterAsync();
            await cluster.FlushAsync();

            Assert.Equal(30, before.Sum());
            Assert.All(before, keys => Assert.True(keys > 0));
            Assert.Equal([0L, 0L, 0L], await cluster.KeysPerMasterAsync());
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_dump_of_Redis_reads_every_key_on_every_master()
    {
        var cluster = new RedisCluster();
        await cluster.InitializeAsync();
        try
        {
            await using var redis = await cluster.EmptyAndConnectAsync();
            for (var i = 0; i < 30; i++)
            {
                await redis.GetDatabase().StringSetAsync($"key-{i}", $"value-{i}");
            }

            var dump = await RedisDump.AllAsync(cluster.ConnectionString);

            Assert.All(await cluster.KeysPerMasterAsync(), keys => Assert.True(keys > 0));
            Assert.Equal(Enumerable.Range(0, 30).Select(i => $"key-{i}").Order(StringComparer.Ordinal), dump.Keys.Order(StringComparer.Ordinal));
            Assert.Equal("value-29", dump["key-29"]);
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }
}
