using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Xunit;

namespace MeetingBot.Testing;

/// <summary>
/// The built bot (<c>src/MeetingBot/bin/{Configuration}/net10.0/MeetingBot.dll</c>) as a real process on a free loopback
/// port, in Development unless told otherwise (the sandbox serves as Huawei unless the settings name another). Tests stop it with a real SIGTERM; disposing kills it by its
/// process id if it is still running.
/// </summary>
public sealed partial class BotProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly TaskCompletionSource<Uri> listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private BotProcess(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, line) => Record(line.Data);
        process.ErrorDataReceived += (_, line) => Record(line.Data);
    }

    public Uri BaseAddress { get; private set; } = null!;

    public int ExitCode => process.ExitCode;

    /// <summary>What the process wrote so far (console logs), for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    /// <param name="settings">Configuration as command-line arguments, for example <c>["Bot:ShutdownGracePeriod"] = "00:00:01"</c>.</param>
    /// <param name="environment">Environment variables, for secrets (not visible in the process list), e.g. <c>Redis__ConnectionString</c>.</param>
    /// <param name="hostEnvironment">The host environment (Production needs Huawei's address and credentials in the settings).</param>
    public static async Task<BotProcess> StartAsync(
        IReadOnlyDictionary<string, string> settings, IReadOnlyDictionary<string, string>? environment = null, string hostEnvironment = "Development")
    {
        var info = new ProcessStartInfo(DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(BotDll)!,
        };
        foreach (var argument in (string[])[BotDll, "--urls", "http://127.0.0.1:0", "--environment", hostEnvironment, .. settings.Select(s => $"--{s.Key}={s.Value}")])
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var bot = new BotProcess(Process.Start(info) ?? throw new InvalidOperationException("Could not start the bot"));
        bot.process.BeginOutputReadLine();
        bot.process.BeginErrorReadLine();
        try
        {
            bot.BaseAddress = await bot.listening.Task.WaitAsync(TimeSpan.FromSeconds(90));
        }
        catch (TimeoutException)
        {
            await bot.DisposeAsync();
            throw new TimeoutException($"The bot did not start listening within 90 s:\n{bot.Output}");
        }

        return bot;
    }

    /// <summary>Sends SIGTERM, as Kubernetes or systemd do, and waits for the process to exit.</summary>
    public async Task TerminateAsync(TimeSpan timeout)
    {
        await SendSigtermAsync();
        await WaitForExitAsync(timeout);
    }

    /// <summary>Sends SIGTERM (with the <c>kill</c> command) and returns without waiting for the process to exit.</summary>
    public async Task SendSigtermAsync()
    {
        using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"The bot did not exit within {timeout} of SIGTERM:\n{Output}");
        }
    }

    /// <summary>Sends SIGKILL, as a crash or a lost node would end it: nothing runs after it, and waits for the exit.</summary>
    public async Task KillAsync()
    {
        using (var kill = Process.Start("kill", ["-KILL", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
            Assert.Equal(0, kill.ExitCode);
        }

        await process.WaitForExitAsync();
    }

    /// <summary>Waits until the process wrote <paramref name="text"/> (in a log line, for example).</summary>
    public Task WaitForOutputAsync(string text, TimeSpan timeout) =>
        MeetingBot.Testing.Poll.UntilAsync(() => Output.Contains(text, StringComparison.Ordinal), timeout, $"the bot writing \"{text}\"");

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private static string DotnetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";

    /// <summary>The bot built in the same configuration as these tests.</summary>
    private static string BotDll
    {
        get
        {
            var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
            var root = new DirectoryInfo(AppContext.BaseDirectory);
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "MeetingBot.sln")))
            {
                root = root.Parent;
            }

            var dll = Path.Combine(root?.FullName ?? throw new InvalidOperationException("No MeetingBot.sln above the tests"), "src", "MeetingBot", "bin", configuration, "net10.0", "MeetingBot.dll");
            Assert.True(File.Exists(dll), $"Build the bot first: {dll} is missing");
            return dll;
        }
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }

        if (ListeningOn().Match(line) is { Success: true } match)
        {
            listening.TrySetResult(new Uri(match.Groups[1].Value));
        }
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningOn();
}
