namespace MeetingBot.Meetings.Activation;

/// <summary>Why a meeting ID or password was refused before any network call.</summary>
public enum InputProblem
{
    MeetingIdMissing,
    MeetingIdNotDigits,
    MeetingIdWrongLength,
    PasswordMissing,
    PasswordTooLong,
    PasswordHasControlCharacters,
}
