namespace MeetingBot.Meetings.Activation;

/// <summary>
/// An activation that passed <see cref="MeetingInput"/>'s rules: the meeting ID normalized to digits, the password
/// present and printable. Only <see cref="ActivationEntry"/> creates one, so the stages behind it never check again.
/// </summary>
public sealed class ActivationRequest
{
    internal ActivationRequest(ChatUser user, string meetingId, string password)
    {
        User = user;
        MeetingId = meetingId;
        Password = password;
    }

    public ChatUser User { get; }

    /// <summary>Digits only, for example <c>986030665</c>.</summary>
    public string MeetingId { get; }

    /// <summary>The meeting password: sent to Huawei, never logged or stored.</summary>
    public string Password { get; }

    /// <summary>Checks the input once; null with the <paramref name="problems"/> when it breaks a rule.</summary>
    public static ActivationRequest? TryCreate(ChatUser user, string? meetingId, string? password, out IReadOnlyList<InputProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(user);
        problems = MeetingInput.Validate(meetingId, password);
        return problems.Count == 0 ? new ActivationRequest(user, MeetingInput.NormalizeMeetingId(meetingId), password!) : null;
    }

    public override string ToString() => $"ActivationRequest {MeetingId} for {User.CacheKey}";
}
