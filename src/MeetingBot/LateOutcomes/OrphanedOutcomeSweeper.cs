using MeetingBot.Conversation;
using MeetingBot.State;

namespace MeetingBot.LateOutcomes;

/// <summary>
/// The timing that resolves an orphaned "activating…" card within 30 s of its replica's death. The owner renews its
/// leases every <see cref="RenewEvery"/>; a lease lasts <see cref="Duration"/>, so a replica that is merely slow
/// (GC pauses, a starved machine, a Redis hiccup) has to miss four renewals in a row before another takes its records
/// (and shows "lost track" while the activation is still running); every replica sweeps every <see cref="SweepEvery"/>.
/// Worst case from death to delivery: a lease just renewed (<see cref="Duration"/>) plus a sweep just missed
/// (<see cref="SweepEvery"/>), 18 s, plus the delivery itself, leaving 12 s for that on a loaded machine.
/// Leases compare the replicas' clocks: skew between them (NTP keeps it far under a second) shortens or lengthens that.
/// </summary>
public static class LateOutcomeLease
{
    public static readonly TimeSpan Duration = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(3);
    public static readonly TimeSpan SweepEvery = TimeSpan.FromSeconds(3);

    /// <summary>Records claimed in one sweep (and delivered together); the rest wait for the next sweep.</summary>
    public const int ClaimsPerSweep = 20;
}

/// <summary>
/// On every replica, with Redis: keeps this replica's late-outcome leases alive, and resolves the records of replicas
/// that died (SIGKILL, crash, lost node) without delivering: the outcome when the dead replica had recorded it,
/// otherwise <see cref="LostTrackReply"/>. It only delivers; it never runs an activation again, so no meeting is
/// activated twice. A replica that dies while delivering a claimed record stops renewing its lease, and another one
/// takes it over; so an outcome may reach its user twice (a Teams card is then updated twice with the same outcome).
/// </summary>
public sealed class OrphanedOutcomeSweeper(
    RedisLateOutcomeRecords records,
    IEnumerable<IOrphanedOutcomeDelivery> deliveries,
    TimeProvider time,
    ILogger<OrphanedOutcomeSweeper> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.WhenAll(
        EveryAsync(LateOutcomeLease.RenewEvery, _ => records.RenewAsync(), stoppingToken),
        EveryAsync(LateOutcomeLease.SweepEvery, SweepAsync, stoppingToken));

    /// <summary>Claims the orphaned records and delivers them.</summary>
    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        var orphans = await records.ClaimOrphansAsync(LateOutcomeLease.ClaimsPerSweep);
        await Task.WhenAll(orphans.Select(orphan => DeliverAsync(orphan, cancellationToken)));
    }

    private async Task DeliverAsync(OrphanedLateOutcome orphan, CancellationToken cancellationToken)
    {
        var record = orphan.Record;
        var reply = orphan.Outcome ?? new LostTrackReply(record.MeetingId);
        logger.LogWarning(
            "Late outcome {RecordId} for meeting {MeetingId} on {ChannelId} was left by a replica that stopped; delivering {Reply}",
            record.Id, record.MeetingId, record.ChannelId, reply.GetType().Name);
        try
        {
            await TargetFor(record.Address).DeliverAsync(reply, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: the record stays, its lease runs out, and another replica delivers it.
            return;
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Could not deliver the orphaned late outcome {RecordId} on {ChannelId}", record.Id, record.ChannelId);
        }

        await records.CloseAsync(record.Id, CancellationToken.None);
    }

    private ILateOutcomeTarget TargetFor(LateOutcomeAddress address) =>
        (deliveries.FirstOrDefault(delivery => delivery.Handles(address))
            ?? throw new ArgumentOutOfRangeException(nameof(address), address.GetType().Name, "No channel delivers to this late outcome address.")).TargetFor(address);

    private async Task EveryAsync(TimeSpan period, Func<CancellationToken, Task> work, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await work(stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    logger.LogError(exception, "Late outcome lease work failed; trying again in {Period}", period);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
