namespace MeetingBot.Meetings.Activation;

/// <summary>
/// A meeting ID and its password that passed <see cref="MeetingInput"/>'s rules: the ID normalized to digits, the
/// password present, bounded and printable. <see cref="TryCreate"/> is the only way to one, so whatever holds one needs
/// no further check, and a typo can never reach the protection or Huawei (nor count as a guess).
/// </summary>
public sealed class MeetingCredentials
{
    private MeetingCredentials(string meetingId, string password, bool typedByUser)
    {
        MeetingId = meetingId;
        Password = password;
        TypedByUser = typedByUser;
    }

    /// <summary>Digits only, for example <c>986030665</c>.</summary>
    public string MeetingId { get; }

    /// <summary>The meeting password: sent to Huawei, never logged, stored or shown.</summary>
    public string Password { get; }

    /// <summary>
    /// True when the user typed the password, so a wrong one is a guess that counts toward the lockout; false when it is
    /// the host password Huawei itself gave for the user's own meeting (a one-click activation), which is no guess.
    /// </summary>
    public bool TypedByUser { get; }

    /// <summary>The credentials, or null with the <paramref name="problems"/> when the input breaks a rule.</summary>
    public static MeetingCredentials? TryCreate(string? meetingId, string? password, out IReadOnlyList<InputProblem> problems)
    {
        problems = MeetingInput.Validate(meetingId, password);
        return problems.Count == 0 ? new MeetingCredentials(MeetingInput.NormalizeMeetingId(meetingId), password!, typedByUser: true) : null;
    }

    /// <summary>The host password Huawei gave for the user's own meeting; null when it breaks the input rules all the same.</summary>
    public static MeetingCredentials? FromHuawei(string meetingId, string hostPassword) =>
        MeetingInput.Validate(meetingId, hostPassword).Count == 0
            ? new MeetingCredentials(MeetingInput.NormalizeMeetingId(meetingId), hostPassword, typedByUser: false)
            : null;

    /// <summary>Never the password (log lines and assertion messages print this).</summary>
    public override string ToString() => $"MeetingCredentials {MeetingId}";
}
