namespace MeetingBot.Meetings.Activation;

/// <summary>
/// Activates Huawei Cloud Meetings on behalf of chat users, each with their own access token. The activation core is a
/// chain of stages, each one of these (<c>ActivationCoreExtensions</c> composes it): audit, deadline, protection, start.
/// </summary>
public interface IMeetingActivationService
{
    /// <summary>Starts the meeting; expected failures come back as a typed result.</summary>
    Task<ActivationResult> ActivateAsync(ChatUser user, MeetingCredentials meeting, CancellationToken cancellationToken);

    /// <summary>Forgets the user's cached Huawei access token now ("signout").</summary>
    Task SignOutAsync(ChatUser user, CancellationToken cancellationToken);
}
