using MeetingBot.Meetings;
using MeetingBot.Meetings.Activation;

namespace MeetingBot.Testing;

/// <summary>Test shorthand for an activation as a user types it.</summary>
public static class TypedActivation
{
    /// <summary>The credentials of <paramref name="meetingId"/> and <paramref name="password"/>; throws on input that breaks a rule.</summary>
    public static MeetingCredentials Credentials(string meetingId, string password) =>
        MeetingCredentials.TryCreate(meetingId, password, out var problems)
        ?? throw new ArgumentException($"Not valid credentials: {string.Join(", ", problems)}", nameof(meetingId));

    /// <summary>
    /// <see cref="IMeetingActivationService.ActivateAsync"/> with the meeting as typed. Input that breaks a rule never
    /// reaches the service (<see cref="MeetingCredentials"/>), so it throws here instead.
    /// </summary>
    public static Task<ActivationResult> ActivateAsync(
        this IMeetingActivationService service, ChatUser user, string meetingId, string password, CancellationToken cancellationToken) =>
        service.ActivateAsync(user, Credentials(meetingId, password), cancellationToken);
}
