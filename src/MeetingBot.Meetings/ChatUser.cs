namespace MeetingBot.Meetings;

/// <summary>
/// The person in a chat on whose behalf a meeting is activated.
/// </summary>
/// <param name="ChannelId">The chat channel, for example "msteams", "slack", "webchat", "emulator".</param>
/// <param name="TenantId">The Teams tenant (AAD tenant id) or the Slack team id; null where the channel has none.</param>
/// <param name="UserId">The channel's own id for the user (never empty).</param>
/// <param name="AadObjectId">The user's Azure AD object id, when Teams provides it.</param>
/// <param name="DisplayName">The user's display name, for cards, audit and (with <c>HuaweiMeeting:ShareProfile</c>) Huawei's address book.</param>
public sealed record ChatUser(
    string ChannelId,
    string? TenantId,
    string UserId,
    string? AadObjectId = null,
    string? DisplayName = null)
{
    /// <summary>
    /// The identity that keys this user's cached Huawei token, lockouts and rate limits: one user's token is never another's.
    /// It holds the tenant, which in service-provider mode decides the Huawei enterprise; tokens are keyed by the enterprise too.
    /// </summary>
    public string CacheKey => $"{ChannelId}|{TenantId}|{UserId}";

    /// <summary>
    /// Finds the user's email when a sign-in shares it (Teams: the member roster); null where the channel has no way to.
    /// Called at most once per sign-in, and waited for no longer than <c>HuaweiMeeting:EmailLookupTimeout</c>.
    /// </summary>
    public Func<CancellationToken, Task<string?>>? LookUpEmail { get; init; }
}
