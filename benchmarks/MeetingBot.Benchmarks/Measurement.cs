using System.Diagnostics;
using System.Globalization;

namespace MeetingBot.Benchmarks;

/// <summary>Runs an operation after a warm-up and prints mean, p50, p95, throughput and allocation per operation.</summary>
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
            $"{name,-52} mean {samples.Average(),8:F1} µs  p50 {samples[iterations / 2],8:F1} µs  p95 {samples[(int)(iterations * 0.95)],8:F1} µs  " +
            $"{iterations / total.Elapsed.TotalSeconds,7:F0} /s  {allocated,8:N0} B allocated/op (whole process)"));
    }
}
