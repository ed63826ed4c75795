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
}
