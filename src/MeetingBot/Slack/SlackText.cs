namespace MeetingBot.Slack;

// TEMPORARY: the Slack replies' user-facing strings in one place until the bot's resource files
// (src/MeetingBot/Localization/, en + zh-CN) reach main; then they move there.
internal static class SlackText
{
    public const string ActivatedTitle = "Meeting {0} is active.";
    public const string RegionIpLabel = "Region IP";
    public const string MeetingIdLabel = "Meeting ID";
    public const string ActivatedBy = "Activated by {0} at {1}";
    public const string SandboxNotice = "Sandbox: a simulated meeting, not a real region IP.";

    public const string FailedTitle = "Could not activate meeting {0}.";
    public const string ErrorReference = "Error code {0} · Request id {1}";
    public const string ErrorCodeOnly = "Error code {0}";
    public const string RequestIdOnly = "Request id {0}";

    public const string InvalidInputNext = "Check it and try again: {0}";
    public const string MeetingIdMissing = "The meeting ID is missing.";
    public const string MeetingIdNotDigits = "The meeting ID must contain only digits (spaces and dashes are fine).";
    public const string MeetingIdWrongLength = "The meeting ID must have 6 to 20 digits.";
    public const string PasswordMissing = "The password is missing.";
    public const string PasswordTooLong = "The password is too long.";
    public const string PasswordHasControlCharacters = "The password contains characters that cannot be typed.";

    public const string WrongMeetingIdOrPassword = "The meeting ID or the password is wrong.";
    public const string WrongMeetingIdOrPasswordNext = "Check both with the meeting's host and try again.";
    public const string MeetingNotFound = "There is no meeting with this ID, or it has ended.";
    public const string MeetingNotFoundNext = "Check the meeting ID in the invitation.";
    public const string NotPermitted = "You are not allowed to start this meeting.";
    public const string NotPermittedNext = "Ask the meeting's host or your Huawei Cloud Meeting administrator.";
    public const string RateLimited = "Huawei Cloud Meeting is busy right now.";
    public const string LockedOut = "Too many failed attempts for this meeting.";
    public const string TryAgainInSeconds = "Try again in {0} seconds.";
    public const string TryAgainInMinutes = "Try again in {0} minutes.";
    public const string TryAgainShortly = "Try again in a minute.";
    public const string AuthenticationFailed = "The bot could not sign in to Huawei Cloud Meeting.";
    public const string AuthenticationFailedNext = "Tell your bot administrator and quote the error code below.";
    public const string ServiceUnavailable = "Huawei Cloud Meeting is not available right now.";
    public const string ServiceUnavailableNext = "Try again in a few minutes.";
    public const string TimedOut = "Huawei Cloud Meeting did not answer in time.";
    public const string TimedOutNext = "Try again in a moment.";

    public const string Activating = "Activating meeting {0}… I will post the result here in a moment.";
    public const string SignedOut = "Done: your Huawei Cloud Meeting sign-in is forgotten. The next activation signs in again.";
    public const string NothingToCancel = "There is nothing to cancel.";
    public const string Unexpected = "Sorry, something went wrong on our side. Try again; if it keeps happening, tell your bot administrator (reference {0}).";

    public const string UsageTitle = "How to use {0}";
    public const string UsageActivate = "{0} starts the meeting and shows its region IP. Only you see the command and the answer.";
    public const string UsageSignOut = "{0} forgets your cached Huawei Cloud Meeting sign-in.";
    public const string UsageHelp = "{0} shows this help.";
    public const string UsageNotUnderstood = "Sorry, I did not understand that.";
    public const string UsageNeedsBoth = "Type the meeting ID and the password in one command.";
    public const string MeetingIdPlaceholder = "<meeting ID>";
    public const string PasswordPlaceholder = "<password>";
}
