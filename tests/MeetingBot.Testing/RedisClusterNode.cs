using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MeetingBot.Testing;

/// <summary>
/// One <c>redis-server --cluster-enabled yes</c> of a <see cref="RedisCluster"/>: loopback only, a free client port and a
/// free cluster bus port (named with <c>--cluster-port</c>, so it need not be the client port + 10000), no persistence,
/// its cluster config in its own directory. Stopped by its process id.
/// </summary>
public sealed class RedisClusterNode : IAsyncDisposable
{
    /// <summary>How long a node may not answer before the others count it as failed (a master: its replica takes over).</summary>
    public static readonly TimeSpan DefaultNodeTimeout = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(20);

    private Process? _process;

    private RedisClusterNode(int port, int busPort, Process process)
    {
        Port = port;
        BusPort = busPort;
        _process = process;
    }

    public int Port { get; }

    public int BusPort { get; }

    public string Address => $"127.0.0.1:{Port}";

    /// <summary>The running redis-server's process id.</summary>
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("redis-server is not running");

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Starts a node in <paramref name="directory"/> and returns once it answers PING (not yet part of a cluster).</summary>
    public static async Task<RedisClusterNode> StartAsync(DirectoryInfo directory, TimeSpan? nodeTimeout = null)
    {
        var timeout = (int)(nodeTimeout ?? DefaultNodeTimeout).TotalMilliseconds;
        // Another process may take a free port between our probe and redis-server's bind: try a few.
        var failures = new List<string>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var (port, busPort) = TwoFreeLoopbackPorts();
            var node = new RedisClusterNode(port, busPort, Start(directory, port, busPort, timeout));
            if (await node.AnswersPingAsync())
            {
                return node;
            }

            failures.Add($"ports {port}/{busPort}: {await node.StopAsync()}");
        }

        throw new InvalidOperationException("redis-server --cluster-enabled yes did not start: " + string.Join("; ", failures));
    }

    /// <summary>Returns once this node says <c>cluster_state:ok</c> (every slot served, as far as it knows).</summary>
    public async Task WaitUntilClusterIsOkAsync(TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        var info = string.Empty;
        while (DateTime.UtcNow < deadline)
        {
            info = await SendAsync("CLUSTER INFO");
            if (info.Contains("cluster_state:ok", StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new InvalidOperationException($"The cluster node on {Address} is not ok after {within.TotalSeconds} s: {info}");
    }

    /// <summary>
    /// Sends one inline command and returns its reply: a simple string, error or integer as sent (<c>+OK</c>,
    /// <c>-ERR …</c>, <c>:3</c>), a bulk string as its text.
    /// </summary>
    public async Task<string> SendAsync(string command, string? expectedPrefix = null)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes(command + "\r\n"));
        var reply = await ReadReplyAsync(stream);
        if (expectedPrefix is not null && !reply.StartsWith(expectedPrefix, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"redis-server on {Address} answered '{reply.Trim()}' to {command}");
        }

        return reply;
    }

    /// <summary>This node's id in the cluster (<c>CLUSTER MYID</c>).</summary>
    public async Task<string> IdAsync() => (await SendAsync("CLUSTER MYID")).Trim();

    /// <summary>Freezes the node (SIGSTOP by its process id): it keeps its connections and answers nothing.</summary>
    public void Pause() => Signal("-STOP");

    /// <summary>Lets a paused node run again (SIGCONT by its process id).</summary>
    public void Resume() => Signal("-CONT");

    public async ValueTask DisposeAsync() => await StopAsync();

    /// <summary>Stops the node now (SIGKILL by its process id).</summary>
    public async Task<string> StopAsync()
    {
        if (_process is not { } process)
        {
            return "not started";
        }

        _process = null;
        using (process)
        {
            if (process.HasExited)
            {
                return $"exited with code {process.ExitCode}";
            }

            process.Kill();
            await process.WaitForExitAsync();
            return "stopped";
        }
    }

    private void Signal(string signal)
    {
        using var kill = Process.Start("kill", [signal, ProcessId.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill {signal} {ProcessId} failed ({kill.ExitCode})");
        }
    }

    private static Process Start(DirectoryInfo directory, int port, int busPort, int nodeTimeoutMilliseconds)
    {
        var start = new ProcessStartInfo("redis-server")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory.FullName,
        };
        foreach (var argument in new[]
                 {
                     "--port", port.ToString(CultureInfo.InvariantCulture), "--cluster-port", busPort.ToString(CultureInfo.InvariantCulture),
                     "--bind", "127.0.0.1", "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                     "--cluster-node-timeout", nodeTimeoutMilliseconds.ToString(CultureInfo.InvariantCulture), "--save", "", "--appendonly", "no", "--dir", directory.FullName, "--daemonize", "no",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            var process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start");
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return process;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("redis-server is not installed: run scripts/test.sh, or apt-get install redis-server", e);
        }
    }

    private async Task<bool> AnswersPingAsync()
    {
        var deadline = DateTime.UtcNow + StartDeadline;
        while (DateTime.UtcNow < deadline && IsRunning)
        {
            try
            {
                if ((await SendAsync("PING")).StartsWith("+PONG", StringComparison.Ordinal))
                {
                    return true;
                }
            }
            catch (SocketException)
            {
                // Not listening yet.
            }

            await Task.Delay(50);
        }

        return false;
    }

    private static async Task<string> ReadReplyAsync(NetworkStream stream)
    {
        var received = new List<byte>();
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var read = await stream.ReadAsync(buffer);
            if (read == 0)
            {
                throw new IOException("redis-server closed the connection before its reply was complete");
            }

            received.AddRange(buffer.AsSpan(0, read));
            var text = Encoding.UTF8.GetString([.. received]);
            var firstLineEnd = text.IndexOf("\r\n", StringComparison.Ordinal);
            if (firstLineEnd < 0)
            {
                continue;
            }

            if (text[0] != '$')
            {
                return text;
            }

            var length = int.Parse(text.AsSpan(1, firstLineEnd - 1), CultureInfo.InvariantCulture);
            if (length < 0)
            {
                return string.Empty;
            }

            var body = received.Count - (firstLineEnd + 2);
            if (body >= length + 2)
            {
                return Encoding.UTF8.GetString([.. received.Skip(firstLineEnd + 2).Take(length)]);
            }
        }
    }

    private static (int Port, int BusPort) TwoFreeLoopbackPorts()
    {
        using var first = new TcpListener(IPAddress.Loopback, 0);
        using var second = new TcpListener(IPAddress.Loopback, 0);
        first.Start();
        second.Start();
        return (((IPEndPoint)first.LocalEndpoint).Port, ((IPEndPoint)second.LocalEndpoint).Port);
    }
}
