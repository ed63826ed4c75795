namespace MeetingBot.Meetings;

/// <summary>How this app's Huawei App ID relates to Huawei enterprises (<c>HuaweiMeeting:Mode</c>).</summary>
public enum HuaweiMeetingMode
{
    /// <summary>One App ID of one enterprise: every user signs in without a <c>corpId</c>.</summary>
    SingleEnterprise,

    /// <summary>
    /// A service provider's App ID serving several enterprises: each user's tenant is mapped to a Huawei enterprise by
    /// <c>HuaweiMeeting:Enterprises</c>; users of unmapped tenants are refused without calling Huawei.
    /// </summary>
    ServiceProvider,
}
