using MeetingBot.Meetings.Huawei;

namespace MeetingBot.Meetings.Tokens;

/// <summary>Whose token is wanted: a chat user, as a Huawei <paramref name="HuaweiUserId"/>, in one Huawei enterprise.</summary>
internal sealed record SignInSubject(ChatUser User, HuaweiEnterprise Enterprise, string HuaweiUserId)
{
    /// <summary>The token's key: the user and the enterprise, so the same user id in two enterprises never shares a token.</summary>
    public string TokenKey => KeyFor(User, Enterprise);

    public static string KeyFor(ChatUser user, HuaweiEnterprise enterprise) => $"{user.CacheKey}|{enterprise.Key}";

    public override string ToString() => $"SignInSubject {{ {TokenKey} }}";
}
