namespace MeetingBot.Meetings;

/// <summary>
/// The person in a chat on whose behalf a meeting is activated.
/// </summary>
/// <param name="ChannelId">The chat channel, for example "msteams", "slack", "webchat", "emulator".</param>
/// <param name="TenantId">The Teams tenant (AAD tenant id) or the Slack team id; null where the channel has none.</param>
/// <param name="UserId">The channel's own id for the user (never empty).</param>
/// <param name="AadObjectId">The user's Azure AD object id, when Teams provides it.</param>
/// <param name="DisplayName">The user's display name, for cards and audit only.</param>
public sealed record ChatUser(
    string ChannelId,
    string? TenantId,
    string UserId,
    string? AadObjectId = null,
    string? DisplayName = null)
{
    /// <summary>The identity that keys this user's cached Huawei token: one user's token is never another's.</summary>
    public string CacheKey => $"{ChannelId}|{TenantId}|{UserId}";
}
