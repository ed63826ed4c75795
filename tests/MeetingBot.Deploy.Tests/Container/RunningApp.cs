using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using MeetingBot.Deploy.Tests.Support;

namespace MeetingBot.Deploy.Tests.Container;

/// <summary>A published app started as its image's ENTRYPOINT would start it; killed (with its children) on dispose.</summary>
internal sealed partial class RunningApp : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private RunningApp(Process process) => _process = process;

    public Uri Address { get; private set; } = null!;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<RunningApp> StartAsync(string[] entrypoint, string workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var program = entrypoint[0] == "dotnet" ? ExternalProcess.DotnetHost : entrypoint[0];
        var process = new Process { StartInfo = ExternalProcess.StartInfo(program, entrypoint[1..], workingDirectory, environment) };
        var app = new RunningApp(process);
        process.OutputDataReceived += (_, e) => app.Record(e.Data);
        process.ErrorDataReceived += (_, e) => app.Record(e.Data);
        process.Exited += (_, _) => app._listening.TrySetException(new InvalidOperationException($"the app exited with code {process.ExitCode}:\n{app.Output}"));
        process.EnableRaisingEvents = true;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            app.Address = await app._listening.Task.WaitAsync(TimeSpan.FromMinutes(2));
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return app;
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        var match = ListeningOn().Match(line);
        if (match.Success)
        {
            _listening.TrySetResult(new Uri(match.Groups[1].Value));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }

        _process.Dispose();
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningOn();
}
