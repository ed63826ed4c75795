using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using StackExchange.Redis;
using Xunit;

namespace MeetingBot.Testing;

/// <summary>
/// A real <c>redis-server</c> of our own for one test class: a free loopback port, no persistence, its own temporary
/// directory; stopped by its process id on dispose. Tests that need Redis fail (never skip) when it cannot start;
/// <c>scripts/test.sh</c> installs Debian's <c>redis-server</c> when it is missing. Outage tests stop it
/// (<see cref="StopAsync"/>, by its process id) and start a fresh, empty one on the same port (<see cref="StartAsync"/>).
/// </summary>
public sealed class RedisServer : ISharedRedis
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(20);

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("meetingbot-redis-");
    private Process? _process;

    public int Port { get; private set; }

    /// <summary>For StackExchange.Redis: loopback, our port, and no waiting for a server that is gone.</summary>
    public string ConnectionString => $"127.0.0.1:{Port},abortConnect=false,connectTimeout=2000";

    /// <summary>Loopback and our port only: the app's own timeouts and reconnect policy apply (outage tests).</summary>
    public string Address => $"127.0.0.1:{Port}";

    /// <summary>True while our redis-server process runs.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The running redis-server's process id.</summary>
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("redis-server is not running");

    public async Task InitializeAsync()
    {
        // Another process may take the free port between our probe and redis-server's bind: try a few ports.
        var failures = new List<string>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            Port = FreeLoopbackPort();
            _process = Start(Port);
            if (await AnswersPingAsync(_process))
            {
                return;
            }

            failures.Add($"port {Port}: {await KillAsync()}");
        }

        throw new InvalidOperationException("redis-server did not start (install Debian's redis-server, as scripts/test.sh does): "
            + string.Join("; ", failures));
    }

    /// <summary>Empties every database: each test starts from nothing.</summary>
    public async Task FlushAsync() => await SendAsync("FLUSHALL", "+OK");

    /// <summary>Empties every database and connects a client to it: the start of a test that reads Redis behind the code under test.</summary>
    public async Task<ConnectionMultiplexer> EmptyAndConnectAsync()
    {
        await FlushAsync();
        return await ConnectionMultiplexer.ConnectAsync(ConnectionString);
    }

    /// <summary>Sends one inline command and returns the raw reply (tests use it for commands no client of ours needs).</summary>
    public async Task<string> SendAsync(string command, string? expectedPrefix = null)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes(command + "\r\n"));
        var buffer = new byte[64 * 1024];
        var read = await stream.ReadAsync(buffer);
        var reply = Encoding.UTF8.GetString(buffer, 0, read);
        if (expectedPrefix is not null && !reply.StartsWith(expectedPrefix, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"redis-server answered '{reply.Trim()}' to {command}");
        }

        return reply;
    }

    /// <summary>Stops redis-server now (SIGKILL by its process id): clients see their connections drop. Its data is gone.</summary>
    public async Task StopAsync() => await KillAsync();

    /// <summary>Starts a fresh, empty redis-server on the same port, after <see cref="StopAsync"/>; returns once it answers PING.</summary>
    public async Task StartAsync()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("redis-server is already running");
        }

        _process = Start(Port);
        if (!await AnswersPingAsync(_process))
        {
            throw new InvalidOperationException($"redis-server did not start again on port {Port}: {await KillAsync()}");
        }
    }

    /// <summary>Freezes redis-server (SIGSTOP): connections stay open but nothing answers, as with a hung server or a lost network.</summary>
    public Task PauseAsync() => SignalAsync("-STOP");

    /// <summary>Lets a paused redis-server run again (SIGCONT).</summary>
    public Task ResumeAsync() => SignalAsync("-CONT");

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            // A paused server cannot be left behind: SIGKILL works on a stopped process, but resume it to be tidy.
            await SignalAsync("-CONT");
        }

        await KillAsync();
        _directory.Delete(recursive: true);
    }

    private Process Start(int port)
    {
        var start = new ProcessStartInfo("redis-server")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _directory.FullName,
        };
        foreach (var argument in new[]
                 {
                     "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
                     "--save", "", "--appendonly", "no", "--dir", _directory.FullName, "--daemonize", "no",
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

    /// <summary>True once redis-server answers PING; false when it exited first or did not answer within <see cref="StartDeadline"/>.</summary>
    private async Task<bool> AnswersPingAsync(Process process)
    {
        try
        {
            await Poll.UntilAsync(async () => process.HasExited || await PongAsync(), StartDeadline, "redis-server to answer PING", TimeSpan.FromMilliseconds(50));
            return !process.HasExited;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private async Task<bool> PongAsync()
    {
        try
        {
            return (await SendAsync("PING")).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false; // not listening yet
        }
    }

    private async Task<string> KillAsync()
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

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", [signal, ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill {signal} {ProcessId} exited with {kill.ExitCode}");
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
