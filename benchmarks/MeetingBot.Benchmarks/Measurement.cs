using System.Diagnostics;
using System.Globalization;

namespace MeetingBot.Benchmarks;

/// <summary>
/// Timing primitives: one operation at a time after a warm-up (<see cref="RunAsync"/>), or a fixed number of
/// operations driven by concurrent clients (<see cref="LoadAsync"/>), whose samples add up across rounds in a
/// <see cref="LoadFigures"/>.
/// </summary>
internal static class Measurement
{
    private const int Warmup = 200;

    public static async Task RunAsync(string name, int iterations, Func<Task> operation)
    {
        for (var i = 0; i < Warmup; i++)
        {
            await operation();
        }

        var samples = new double[iterations];
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var total = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await operation();
            samples[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        }

        total.Stop();
        var allocated = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / iterations;
        Array.Sort(samples);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-52} mean {samples.Average(),8:F1} µs  p50 {Percentile(samples, 0.50),8:F1} µs  p95 {Percentile(samples, 0.95),8:F1} µs  " +
            $"{iterations / total.Elapsed.TotalSeconds,7:F0} /s  {allocated,8:N0} B allocated/op (whole process)"));
    }

    /// <summary>
    /// Runs <paramref name="operation"/> <paramref name="count"/> times from <paramref name="concurrency"/> clients,
    /// each starting its next operation as soon as its previous one ends; the arguments are the client's number and the
    /// operation's.
    /// </summary>
    public static async Task<LoadSample> LoadAsync(int count, int concurrency, Func<int, int, Task> operation)
    {
        var latencies = new double[count];
        var next = -1;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
        var cpuBefore = Environment.CpuUsage.TotalTime;
        var total = Stopwatch.StartNew();
        var clients = Enumerable.Range(0, concurrency).Select(client => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < count)
            {
                var started = Stopwatch.GetTimestamp();
                await operation(client, index);
                latencies[index] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
            }
        }));
        await Task.WhenAll(clients);
        total.Stop();
        return new LoadSample(latencies, total.Elapsed, Environment.CpuUsage.TotalTime - cpuBefore, GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore);
    }

    public static double Percentile(double[] sorted, double fraction) =>
        sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * fraction))];
}

/// <summary>
/// One burst of concurrent operations: each one's latency (µs), the burst's wall time, and the process's CPU time and
/// allocations meanwhile (CPU time per operation hardly depends on what else the machine runs, unlike wall time).
/// </summary>
/// <param name="ServerCpuTime">The part of <paramref name="CpuTime"/> spent by a child process serving the target, if any.</param>
internal sealed record LoadSample(double[] LatenciesMicroseconds, TimeSpan Elapsed, TimeSpan CpuTime, long AllocatedBytes, TimeSpan ServerCpuTime = default)
{
    public double Throughput => LatenciesMicroseconds.Length / Elapsed.TotalSeconds;
}

/// <summary>The samples of one target over every round: throughput over the summed wall time, percentiles over all latencies.</summary>
internal sealed class LoadFigures
{
    private readonly List<LoadSample> rounds = [];

    public IReadOnlyList<LoadSample> Rounds => rounds;

    public void Add(LoadSample sample) => rounds.Add(sample);

    public long Operations => rounds.Sum(r => r.LatenciesMicroseconds.LongLength);

    public double Throughput => Operations / rounds.Sum(r => r.Elapsed.TotalSeconds);

    public double CpuMicrosecondsPerOperation => rounds.Sum(r => r.CpuTime.TotalMicroseconds) / Operations;

    public double ServerCpuMicrosecondsPerOperation => rounds.Sum(r => r.ServerCpuTime.TotalMicroseconds) / Operations;

    public double AllocatedPerOperation => (double)rounds.Sum(r => r.AllocatedBytes) / Operations;

    public (double P50, double P99) LatencyMilliseconds()
    {
        var all = rounds.SelectMany(r => r.LatenciesMicroseconds).ToArray();
        Array.Sort(all);
        return (Measurement.Percentile(all, 0.50) / 1000, Measurement.Percentile(all, 0.99) / 1000);
    }
}
