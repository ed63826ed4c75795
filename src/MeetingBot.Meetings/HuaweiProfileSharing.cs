namespace MeetingBot.Meetings;

/// <summary>
/// Which profile data goes to Huawei with a sign-in (<c>HuaweiMeeting:ShareProfile</c>). Huawei registers an App ID user
/// on first sign-in and writes these values into the enterprise's address book; without a name the account is named
/// after its userId.
/// </summary>
public enum HuaweiProfileSharing
{
    /// <summary>Only the userId.</summary>
    None,

    /// <summary>The chat display name as <c>userName</c>.</summary>
    Name,

    /// <summary>The display name and, in Teams, the email (else user principal name) from the member roster as <c>userEmail</c>.</summary>
    NameAndEmail,
}
