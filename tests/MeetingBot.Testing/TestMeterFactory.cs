using System.Diagnostics.Metrics;

namespace MeetingBot.Testing;

/// <summary>
/// An <see cref="IMeterFactory"/> for tests that build a class by hand: its meters are its own (their scope is this
/// factory), so a <c>MetricCollector</c> bound to it reads only what that class recorded. Disposing it disposes them.
/// </summary>
public sealed class TestMeterFactory : IMeterFactory
{
    private readonly List<Meter> meters = [];

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(options.Name, options.Version, options.Tags, scope: this);
        lock (meters)
        {
            meters.Add(meter);
        }

        return meter;
    }

    public void Dispose()
    {
        lock (meters)
        {
            foreach (var meter in meters)
            {
                meter.Dispose();
            }

            meters.Clear();
        }
    }
}
