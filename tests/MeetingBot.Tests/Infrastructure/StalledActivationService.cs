using MeetingBot.Meetings;
using MeetingBot.Meetings.Activation;

namespace MeetingBot.Tests.Infrastructure;

/// <summary>An activation service that never answers: each activation says it started, then waits until it is cancelled.</summary>
public sealed class StalledActivationService : IMeetingActivationService
{
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Started => _started.Task;

    public async Task<ActivationResult> ActivateAsync(ChatUser user, MeetingCredentials meeting, CancellationToken cancellationToken)
    {
        _started.TrySetResult();
        await Task.Delay(Timeout.Infinite, cancellationToken);
        throw new InvalidOperationException("unreachable: the delay ends only by cancellation");
    }

    public Task SignOutAsync(ChatUser user, CancellationToken cancellationToken) => Task.CompletedTask;
}
