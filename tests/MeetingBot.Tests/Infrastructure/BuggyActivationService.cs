using MeetingBot.Meetings;
using MeetingBot.Meetings.Activation;

namespace MeetingBot.Tests.Infrastructure;

/// <summary>An activation service with a bug: every activation throws <paramref name="bug"/>, once <paramref name="release"/> completed when one is given.</summary>
public sealed class BuggyActivationService(Exception bug, Task? release = null) : IMeetingActivationService
{
    public async Task<ActivationResult> ActivateAsync(ChatUser user, MeetingCredentials meeting, CancellationToken cancellationToken)
    {
        if (release is not null)
        {
            await release;
        }

        throw bug;
    }

    public Task SignOutAsync(ChatUser user, CancellationToken cancellationToken) => Task.CompletedTask;
}
