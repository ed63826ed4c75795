using System.Net;
using System.Net.Sockets;

namespace MeetingBot.Tests.State;

public class RedisServerTests
{
    [Fact]
    public async Task Starts_on_a_loopback_port_keeps_nothing_on_disk_and_is_gone_after_dispose()
    {
        var server = new RedisServer();
        await server.InitializeAsync();

        Assert.StartsWith("+OK", await server.SendAsync("SET probe 1"), StringComparison.Ordinal);
        var persistence = await server.SendAsync("CONFIG GET *");
        Assert.Contains("appendonly\r\n$2\r\nno", persistence, StringComparison.Ordinal);
        Assert.Contains("save\r\n$0\r\n\r\n", persistence, StringComparison.Ordinal);
        Assert.Contains("bind\r\n$9\r\n127.0.0.1", persistence, StringComparison.Ordinal);
        var port = server.Port;

        await server.DisposeAsync();

        using var client = new TcpClient();
        await Assert.ThrowsAnyAsync<SocketException>(() => client.ConnectAsync(IPAddress.Loopback, port));
    }

    [Fact]
    public async Task Stops_by_its_process_id_and_starts_again_empty_on_the_same_port()
    {
        var server = new RedisServer();
        await server.InitializeAsync();
        try
        {
            var port = server.Port;
            var firstProcess = server.ProcessId;
            Assert.StartsWith("+OK", await server.SendAsync("SET probe 1"), StringComparison.Ordinal);

            await server.StopAsync();

            Assert.False(server.IsRunning);
            using (var refused = new TcpClient())
            {
                await Assert.ThrowsAnyAsync<SocketException>(() => refused.ConnectAsync(IPAddress.Loopback, port));
            }

            await server.StartAsync();

            Assert.True(server.IsRunning);
            Assert.Equal(port, server.Port);
            Assert.NotEqual(firstProcess, server.ProcessId);
            Assert.StartsWith("$-1", await server.SendAsync("GET probe"), StringComparison.Ordinal);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }
}
