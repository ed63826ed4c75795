namespace MeetingBot.Meetings.Activation;

/// <summary>Activates Huawei Cloud Meetings on behalf of chat users, each with their own access token.</summary>
public interface IMeetingActivationService
{
    /// <summary>
    /// Starts the meeting. Validates the input first; expected failures come back as a typed result.
    /// </summary>
    Task<ActivationResult> ActivateAsync(ChatUser user, string meetingId, string password, CancellationToken cancellationToken);

    /// <summary>Forgets the user's cached Huawei access token now ("signout").</summary>
    Task SignOutAsync(ChatUser user, CancellationToken cancellationToken);
}
