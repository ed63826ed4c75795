namespace MeetingBot.Meetings;

/// <summary>Which chat identity is sent to Huawei as the App ID authentication <c>userId</c>.</summary>
public enum HuaweiUserIdSource
{
    /// <summary>The Teams AAD object id when the channel provides one, otherwise the channel's own user id.</summary>
    AadObjectIdThenChannelUserId,

    /// <summary>Always the channel's own user id.</summary>
    ChannelUserId,

    /// <summary>Only the AAD object id; users without one cannot activate.</summary>
    AadObjectId,
}
