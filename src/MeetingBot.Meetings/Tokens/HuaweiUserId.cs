namespace MeetingBot.Meetings.Tokens;

/// <summary>Chooses the Huawei <c>userId</c> for a chat user.</summary>
public static class HuaweiUserId
{
    /// <summary>
    /// The user id to authenticate as, or null when the user has none under <paramref name="source"/>.
    /// Never empty: Huawei signs an empty user id as the enterprise administrator, which the bot must never be on a user's behalf.
    /// </summary>
    public static string? For(ChatUser user, HuaweiUserIdSource source) => source switch
    {
        HuaweiUserIdSource.AadObjectIdThenChannelUserId => NonBlank(user.AadObjectId) ?? NonBlank(user.UserId),
        HuaweiUserIdSource.ChannelUserId => NonBlank(user.UserId),
        HuaweiUserIdSource.AadObjectId => NonBlank(user.AadObjectId),
        _ => null,
    };

    private static string? NonBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
