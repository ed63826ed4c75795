using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MeetingBot.Meetings.Activation;

/// <summary>
/// The activation core's entry, where each rule is applied once: the input rules (a typo never reaches the protection
/// or Huawei, so it is not counted as a guess) and the whole-activation deadline
/// (<see cref="HuaweiMeetingOptions.ActivationTimeout"/>: waiting for the user's turn, signing in, starting, retries).
/// </summary>
public sealed class ActivationEntry(
    IActivationStage inner,
    IOptions<HuaweiMeetingOptions> options,
    TimeProvider time,
    ILogger<ActivationEntry> logger) : IMeetingActivationService
{
    public async Task<ActivationResult> ActivateAsync(ChatUser user, string meetingId, string password, CancellationToken cancellationToken)
    {
        if (ActivationRequest.TryCreate(user, meetingId, password, out var problems) is not { } request)
        {
            logger.LogDebug("Activation refused before calling Huawei: {InputProblems}", string.Join(", ", problems));
            return new ActivationResult
            {
                Outcome = ActivationOutcome.InvalidInput,
                MeetingId = meetingId ?? string.Empty,
                InputProblems = problems,
                CompletedAt = time.GetUtcNow(),
            };
        }

        using var deadline = new CancellationTokenSource(options.Value.ActivationTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            return await inner.ActivateAsync(request, linked.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new ActivationResult { Outcome = ActivationOutcome.TimedOut, MeetingId = request.MeetingId, CompletedAt = time.GetUtcNow() };
        }
    }

    public Task SignOutAsync(ChatUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        return inner.SignOutAsync(user, cancellationToken);
    }
}
