using System.Collections.Concurrent;
using MeetingBot.Meetings.Telemetry;
using Microsoft.Extensions.Options;

namespace MeetingBot.Conversation;

/// <summary>Where an outcome goes when it arrives after the turn answered "activating…".</summary>
public interface ILateOutcomeTarget
{
    /// <summary>The channel, for logs (never the address itself: a Slack response_url is a capability).</summary>
    string ChannelId { get; }

    /// <summary>Where the outcome goes, as data another replica can deliver to (see <see cref="ILateOutcomeRecords"/>).</summary>
    LateOutcomeAddress Address { get; }

    Task DeliverAsync(BotReply reply, CancellationToken cancellationToken);
}

/// <summary>
/// Every activation runs through here, on every channel, so one rule covers them all. Past a channel's reply budget
/// the turn answers "activating…" and the outcome goes to an <see cref="ILateOutcomeTarget"/> when it arrives (Teams
/// card update, a new Web Chat/Emulator message, Slack <c>response_url</c>). On shutdown (SIGTERM) activations in
/// flight get <see cref="BotOptions.ShutdownGracePeriod"/> to finish and be delivered; those still running then are
/// stopped, and their users told the bot restarted (<see cref="RestartReply"/>).
/// </summary>
public sealed class ActivationsInFlight(
    IOptions<BotOptions> options,
    ILateOutcomeRecords records,
    TimeProvider time,
    MeetingBotMetrics metrics,
    ILogger<ActivationsInFlight> logger) : IHostedService, IDisposable
{
    /// <summary>How long, after the grace period, the restart notices may take to reach their users.</summary>
    public static readonly TimeSpan NoticeTimeout = TimeSpan.FromSeconds(10);

    private readonly CancellationTokenSource graceOver = new();
    private readonly CancellationTokenSource noticesOver = new();
    private readonly ConcurrentDictionary<Task, bool> inFlight = new();

    /// <summary>Activations and deliveries not finished yet.</summary>
    public int InFlightCount => inFlight.Count;

    /// <summary>An activation the turn waits for (the channel has no later answer, or no budget).</summary>
    public Task<BotReply> RunAsync(string meetingId, Func<CancellationToken, Task<BotReply>> activate, CancellationToken turnAborted)
    {
        var outcome = OutcomeAsync(meetingId, activate, turnAborted);
        Track(outcome);
        return outcome;
    }

    /// <summary>
    /// Waits for the activation up to <see cref="LateDelivery.ReplyBudget"/>; past that answers <see cref="ActivatingReply"/>
    /// and delivers the outcome to the target when it arrives. The activation is tied to the application's shutdown rule,
    /// not to the request, which ends first.
    /// </summary>
    public async Task<BotReply> RunWithinBudgetAsync(string meetingId, Func<CancellationToken, Task<BotReply>> activate, LateDelivery later)
    {
        var outcome = OutcomeAsync(meetingId, activate, CancellationToken.None);
        Track(outcome);
        using (var budgetOver = new CancellationTokenSource())
        {
            var budget = Task.Delay(later.ReplyBudget, time, budgetOver.Token);
            if (await Task.WhenAny(outcome, budget) == outcome)
            {
                await budgetOver.CancelAsync();
                return await outcome;
            }
        }

        var record = new LateOutcomeRecord(Guid.NewGuid().ToString("N"), later.Target.ChannelId, meetingId, time.GetUtcNow(), later.Target.Address);
        logger.LogInformation("Activation of meeting {MeetingId} outlasted the {ReplyBudget} reply budget on {ChannelId}; the outcome follows", meetingId, later.ReplyBudget, record.ChannelId);
        var delivery = DeliverAsync(record, outcome, later.Target);
        Track(delivery);
        metrics.TrackPendingDelivery(delivery);
        return new ActivatingReply(meetingId);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The shutdown rule: finish within the grace period, then stop what is left and tell its users.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var grace = options.Value.ShutdownGracePeriod;
        if (!inFlight.IsEmpty)
        {
            logger.LogInformation("Shutting down: {Count} activations in flight get up to {GracePeriod} to finish", inFlight.Count, grace);
            await Task.WhenAll(inFlight.Keys).WaitAsync(grace, time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        if (!inFlight.IsEmpty)
        {
            logger.LogWarning("Shutdown grace period over: stopping {Count} activations; their users are told the bot restarted", inFlight.Count);
        }

        await graceOver.CancelAsync();
        await Task.WhenAll(inFlight.Keys).WaitAsync(NoticeTimeout, time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await noticesOver.CancelAsync();
    }

    public void Dispose()
    {
        graceOver.Dispose();
        noticesOver.Dispose();
    }

    /// <summary>The activation's reply; when shutdown stopped it, the restart notice instead.</summary>
    private async Task<BotReply> OutcomeAsync(string meetingId, Func<CancellationToken, Task<BotReply>> activate, CancellationToken turnAborted)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(turnAborted, graceOver.Token);
        try
        {
            return await activate(stop.Token);
        }
        catch (OperationCanceledException) when (graceOver.IsCancellationRequested)
        {
            return new RestartReply(meetingId);
        }
    }

    private async Task DeliverAsync(LateOutcomeRecord record, Task<BotReply> outcome, ILateOutcomeTarget target)
    {
        await records.OpenAsync(record, CancellationToken.None);
        try
        {
            BotReply reply;
            try
            {
                reply = await outcome;
            }
            catch (Exception exception)
            {
                // The turn that would have apologised has ended: the apology (or "temporarily unavailable") goes where
                // the outcome would have.
                reply = TurnFailure.ReplyFor(exception);
                var level = reply is UnavailableReply ? LogLevel.Warning : LogLevel.Error;
                logger.Log(level, exception, "A late activation failed on {ChannelId}; correlation id {CorrelationId}", record.ChannelId, (reply as ApologyReply)?.CorrelationId ?? "-");
            }

            await records.RecordOutcomeAsync(record.Id, reply, CancellationToken.None);
            await target.DeliverAsync(reply, noticesOver.Token);
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Could not deliver a late activation outcome on {ChannelId}", record.ChannelId);
        }
        finally
        {
            await records.CloseAsync(record.Id, CancellationToken.None);
        }
    }

    private void Track(Task work)
    {
        inFlight.TryAdd(work, true);
        _ = work.ContinueWith(done => inFlight.TryRemove(done, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
