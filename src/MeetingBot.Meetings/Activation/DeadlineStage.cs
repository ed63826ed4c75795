using Microsoft.Extensions.Options;

namespace MeetingBot.Meetings.Activation;

/// <summary>
/// The one whole-activation deadline (<see cref="HuaweiMeetingOptions.ActivationTimeout"/>): waiting for the user's turn,
/// signing in, starting, retries. Past it the activation answers <see cref="ActivationOutcome.TimedOut"/>.
/// </summary>
public sealed class DeadlineStage(IMeetingActivationService inner, IOptions<HuaweiMeetingOptions> options, TimeProvider time) : IMeetingActivationService
{
    public async Task<ActivationResult> ActivateAsync(ChatUser user, MeetingCredentials meeting, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(options.Value.ActivationTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            return await inner.ActivateAsync(user, meeting, linked.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new ActivationResult { Outcome = ActivationOutcome.TimedOut, MeetingId = meeting.MeetingId, CompletedAt = time.GetUtcNow() };
        }
    }

    public Task SignOutAsync(ChatUser user, CancellationToken cancellationToken) => inner.SignOutAsync(user, cancellationToken);
}
