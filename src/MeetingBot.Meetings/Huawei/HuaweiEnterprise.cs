namespace MeetingBot.Meetings.Huawei;

/// <summary>
/// The Huawei enterprise a user signs in to and the app credentials that sign for it. With a <see cref="CorpId"/> the
/// sign-in is a service provider's (corpId in the body and in the signed string); without, single-enterprise style.
/// <see cref="ToString"/> never shows the App Key.
/// </summary>
internal sealed record HuaweiEnterprise(string AppId, string AppKey, string? CorpId)
{
    /// <summary>Part of every token key: the same user id in two enterprises never shares a token.</summary>
    public string Key => CorpId is null ? $"app:{AppId}" : $"corp:{AppId}:{CorpId}";

    public override string ToString() => $"HuaweiEnterprise {{ AppId = {AppId}, CorpId = {CorpId} }}";
}
