using System.Diagnostics;
using MeetingBot.Hosting;

namespace MeetingBot.Benchmarks;

/// <summary>
/// A <see cref="HostVariant"/> served by a child process of this benchmark. Telemetry needs it: OpenTelemetry's
/// instrumentations listen process-wide, so a host with telemetry on would also trace and count every other host in the
/// benchmark's process, and the rows compared would no longer differ only by telemetry.
/// </summary>
internal sealed class VariantProcess : IAsyncDisposable
{
    private const string ServeOption = "--serve-variant";
    private const string ListeningPrefix = "listening ";
    private const string StatsRequest = "stats";
    private const string StatsAnswer = "stats ";

    private readonly Process process;

    private VariantProcess(Process process, Uri baseAddress)
    {
        this.process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int ProcessId => process.Id;

    /// <summary>The child's CPU time so far.</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            process.Refresh();
            return process.TotalProcessorTime;
        }
    }

    /// <summary>The child's runtime counters so far (asked over its standard input, answered on its output).</summary>
    public async Task<RuntimeStats> StatsAsync()
    {
        await process.StandardInput.WriteLineAsync(StatsRequest);
        await process.StandardInput.FlushAsync();
        // Skips what else the child printed meanwhile (its console log).
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith(StatsAnswer, StringComparison.Ordinal))
            {
                return RuntimeStats.Parse(line[StatsAnswer.Length..]);
            }
        }

        throw new InvalidOperationException("The variant's host exited.");
    }

    /// <summary>Starts this benchmark again as the host of <paramref name="variant"/>, and waits until it listens.</summary>
    /// <param name="environment">Configuration for the child (secrets go here, not on its command line).</param>
    public static async Task<VariantProcess> StartAsync(HostVariant variant, string[] hostArgs, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo
        {
            FileName = Environment.ProcessPath!,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
        {
            start.ArgumentList.Add(typeof(VariantProcess).Assembly.Location);
        }

        foreach (var argument in (string[])[ServeOption, variant.Name, .. hostArgs, .. variant.Args])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            while (await process.StandardOutput.ReadLineAsync(deadline.Token) is { } line)
            {
                if (line.StartsWith(ListeningPrefix, StringComparison.Ordinal))
                {
                    return new VariantProcess(process, new Uri(line[ListeningPrefix.Length..]));
                }
            }

            throw new InvalidOperationException($"The host of '{variant.Name}' exited before listening (exit code {process.ExitCode}).");
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    /// <summary>The child's side: serves the variant named on the command line until its standard input closes.</summary>
    public static async Task<bool> TryServeAsync(string[] args)
    {
        if (args.Length < 2 || args[0] != ServeOption)
        {
            return false;
        }

        var variant = HostVariant.All(redis: null, telemetryOffTwice: true).Single(v => v.Name == args[1]);
        await using var app = MeetingBotApp.Build(args[2..], variant.Configure);
        await app.StartAsync();
        Console.WriteLine(ListeningPrefix + app.Urls.First());
        // The parent closes our standard input when it is done, or when it dies.
        while (await Console.In.ReadLineAsync() is { } request)
        {
            if (request == StatsRequest)
            {
                Console.WriteLine(StatsAnswer + RuntimeStats.OfThisProcess());
            }
        }

        await app.StopAsync();
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        process.StandardInput.Close();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
        }

        process.Dispose();
    }
}

/// <summary>Runtime counters of a process, read around a burst of turns: JIT compilations, allocation and collections.</summary>
internal sealed record RuntimeStats(long CompiledMethods, long AllocatedBytes, int Gen0Collections, int Gen1Collections, int Gen2Collections, long GcPauseTicks)
{
    public static RuntimeStats OfThisProcess() => new(
        System.Runtime.JitInfo.GetCompiledMethodCount(), GC.GetTotalAllocatedBytes(precise: false),
        GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration().Ticks);

    /// <summary>Time the process stood still for its collections (every thread waits while a blocking collection runs).</summary>
    public TimeSpan GcPause => TimeSpan.FromTicks(GcPauseTicks);

    public static RuntimeStats Parse(string text)
    {
        var fields = text.Split(' ').Select(f => long.Parse(f, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return new(fields[0], fields[1], (int)fields[2], (int)fields[3], (int)fields[4], fields[5]);
    }

    public static RuntimeStats operator -(RuntimeStats after, RuntimeStats before) => new(
        after.CompiledMethods - before.CompiledMethods, after.AllocatedBytes - before.AllocatedBytes,
        after.Gen0Collections - before.Gen0Collections, after.Gen1Collections - before.Gen1Collections, after.Gen2Collections - before.Gen2Collections,
        after.GcPauseTicks - before.GcPauseTicks);

    public static RuntimeStats operator +(RuntimeStats a, RuntimeStats b) => new(
        a.CompiledMethods + b.CompiledMethods, a.AllocatedBytes + b.AllocatedBytes,
        a.Gen0Collections + b.Gen0Collections, a.Gen1Collections + b.Gen1Collections, a.Gen2Collections + b.Gen2Collections,
        a.GcPauseTicks + b.GcPauseTicks);

    public override string ToString() => string.Join(' ', CompiledMethods, AllocatedBytes, Gen0Collections, Gen1Collections, Gen2Collections, GcPauseTicks);
}
