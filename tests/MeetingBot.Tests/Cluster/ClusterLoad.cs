using System.Collections.Concurrent;
using MeetingBot.Sandbox;
using MeetingBot.Testing;

namespace MeetingBot.Tests.Cluster;

/// <summary>One activation of the load: who, when it was sent, and what came back.</summary>
public sealed record LoadAnswer(string User, DateTime SentAt, TurnAnswer Answer)
{
    public override string ToString() => $"{User} sent {SentAt:HH:mm:ss.fff}: {Answer}";
}

/// <summary>
/// A steady load of activations of the demo meeting (each by a new user) spread round robin over some replicas by a few
/// concurrent workers, until <see cref="StopAsync"/>. Tests wait on what it has seen, always with a deadline.
/// </summary>
public sealed class ClusterLoad(BotCluster cluster, string userPrefix, int[] replicas)
{
    private readonly ConcurrentQueue<LoadAnswer> _answers = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _workers = [];
    private readonly ConcurrentDictionary<int, bool> _excluded = new();
    private int _sent;

    public IReadOnlyCollection<LoadAnswer> Answers => _answers;

    public int SucceededOn(int replica) => _answers.Count(a => a.Answer.Replica == replica && a.Answer.Shows(HuaweiSimulatorOptions.DemoRegionIp));

    public void Start(int workers)
    {
        for (var i = 0; i < workers; i++)
        {
            _workers.Add(Task.Run(WorkAsync));
        }
    }

    /// <summary>Sends no more to <paramref name="replica"/>, as a load balancer does once a backend is dead.</summary>
    public void Exclude(int replica) => _excluded[replica] = true;

    public Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what) =>
        Poll.UntilAsync(condition, timeout, $"{what}; the load saw: {string.Join("\n", _answers.TakeLast(5))}");

    /// <summary>Stops sending, waits for the requests in flight, and returns every answer.</summary>
    public async Task<IReadOnlyList<LoadAnswer>> StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_workers);
        _stop.Dispose();
        return [.. _answers];
    }

    private async Task WorkAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var n = Interlocked.Increment(ref _sent);
            var replica = replicas[n % replicas.Length];
            if (_excluded.ContainsKey(replica))
            {
                continue;
            }

            var user = $"{userPrefix}-{n}-{Guid.NewGuid():N}";
            var sentAt = DateTime.UtcNow;
            var answer = await cluster.TypeActivateAsync(replica, user, HuaweiSimulatorOptions.DemoMeetingId, HuaweiSimulatorOptions.DemoPassword);
            _answers.Enqueue(new LoadAnswer(user, sentAt, answer));
        }
    }
}
