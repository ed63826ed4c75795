using System.Collections.Concurrent;
using MeetingBot.Meetings.Activation;
using MeetingBot.Meetings.Telemetry;

namespace MeetingBot.Slack;

/// <summary>
/// Finishes activations that outlast Slack's 3-second window: waits for the outcome and posts it to the
/// command's <c>response_url</c>. Owns the background work: every failure is logged, and on host shutdown
/// in-flight work gets the shutdown grace period to finish, then is cancelled.
/// </summary>
public sealed class SlackDeferredReplies(SlackResponseUrlClient client, SlackReplies replies, ILogger<SlackDeferredReplies> logger)
    : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Task, bool> _pending = new();

    /// <summary>Cancelled when the host has stopped waiting for background work; pass it to work that may be deferred.</summary>
    public CancellationToken Stopping => _stopping.Token;

    public int PendingCount => _pending.Count;

    /// <param name="activation">The activation under way, started with <see cref="Stopping"/>.</param>
    /// <param name="responseUrl">The command's response_url.</param>
    /// <param name="reference">The id the user can quote to support if this fails.</param>
    /// <param name="render">Turns the outcome into the reply.</param>
    public void DeliverLater(Task<ActivationResult> activation, Uri? responseUrl, string reference, Func<ActivationResult, SlackMessage> render)
    {
        var delivery = DeliverAsync(activation, responseUrl, reference, render);
        MeetingBotMetrics.TrackPendingDelivery(delivery);
        _pending.TryAdd(delivery, true);
        delivery.ContinueWith(done => _pending.TryRemove(done, out _), CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task DeliverAsync(Task<ActivationResult> activation, Uri? responseUrl, string reference, Func<ActivationResult, SlackMessage> render)
    {
        SlackMessage message;
        try
        {
            message = render(await activation);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            logger.LogWarning("A deferred Slack activation was cancelled by host shutdown; the user gets no outcome");
            return;
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "A deferred Slack activation failed; reference {Reference}", reference);
            message = replies.Unexpected(reference);
        }

        try
        {
            await client.PostAsync(responseUrl, message, _stopping.Token);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            logger.LogWarning("Posting a deferred Slack reply was cancelled by host shutdown");
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Posting a deferred Slack reply to {Host} failed", responseUrl?.Host);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Lets in-flight replies finish within the host's shutdown timeout, then cancels what is left.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var pending = _pending.Keys.ToArray();
        if (pending.Length > 0)
        {
            logger.LogInformation("Waiting for {Count} deferred Slack replies before shutdown", pending.Length);
            try
            {
                await Task.WhenAll(pending).WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                logger.LogWarning("Shutdown timeout reached; cancelling {Count} deferred Slack replies", _pending.Count);
            }
        }

        await _stopping.CancelAsync();
        await Task.WhenAll(_pending.Keys.ToArray()).WaitAsync(TimeSpan.FromSeconds(1), CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose() => _stopping.Dispose();
}
