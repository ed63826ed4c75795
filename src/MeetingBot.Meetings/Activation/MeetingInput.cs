namespace MeetingBot.Meetings.Activation;

/// <summary>
/// The input rules for a meeting ID and password, shared by the service layer and every chat front end,
/// applied before any network call.
/// </summary>
public static class MeetingInput
{
    public const int MinMeetingIdDigits = 6;
    public const int MaxMeetingIdDigits = 20;
    public const int MaxPasswordLength = 64;

    /// <summary>Removes the spaces and dashes people type inside meeting IDs ("986 030-665" → "986030665").</summary>
    public static string NormalizeMeetingId(string? meetingId)
    {
        if (string.IsNullOrEmpty(meetingId))
        {
            return string.Empty;
        }

        return string.Concat(meetingId.Where(c => !char.IsWhiteSpace(c) && c != '-'));
    }

    public static IReadOnlyList<InputProblem> ValidateMeetingId(string? meetingId)
    {
        var normalized = NormalizeMeetingId(meetingId);
        if (normalized.Length == 0)
        {
            return [InputProblem.MeetingIdMissing];
        }

        if (!normalized.All(char.IsAsciiDigit))
        {
            return [InputProblem.MeetingIdNotDigits];
        }

        if (normalized.Length is < MinMeetingIdDigits or > MaxMeetingIdDigits)
        {
            return [InputProblem.MeetingIdWrongLength];
        }

        return [];
    }

    public static IReadOnlyList<InputProblem> ValidatePassword(string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return [InputProblem.PasswordMissing];
        }

        if (password.Length > MaxPasswordLength)
        {
            return [InputProblem.PasswordTooLong];
        }

        if (password.Any(char.IsControl))
        {
            return [InputProblem.PasswordHasControlCharacters];
        }

        return [];
    }

    public static IReadOnlyList<InputProblem> Validate(string? meetingId, string? password) =>
        [.. ValidateMeetingId(meetingId), .. ValidatePassword(password)];
}
