using StackExchange.Redis;
using StackExchange.Redis.Profiling;

namespace MeetingBot.Benchmarks;

/// <summary>
/// Counts the commands a host sends to Redis, by command name, with StackExchange.Redis's profiler: one session for
/// every command of the multiplexer, drained at each read. Each command is one request and one answer on the wire,
/// i.e. one round trip (commands sent together still count one each).
/// </summary>
internal sealed class RedisCommandCounter
{
    private readonly ProfilingSession session = new();
    private readonly Dictionary<string, long> counts = new(StringComparer.Ordinal);

    public void Attach(IConnectionMultiplexer multiplexer) => multiplexer.RegisterProfiler(() => session);

    /// <summary>Commands sent so far, by name (EVALSHA is a Lua script run on the server: still one round trip).</summary>
    public IReadOnlyDictionary<string, long> Read()
    {
        lock (counts)
        {
            foreach (var command in session.FinishProfiling())
            {
                counts[command.Command] = counts.GetValueOrDefault(command.Command) + 1;
            }

            return new Dictionary<string, long>(counts, StringComparer.Ordinal);
        }
    }
}
