namespace MeetingBot.Meetings;

/// <summary>
/// One entry of <c>HuaweiMeeting:Enterprises</c> (service-provider mode): the chat tenant and the Huawei enterprise its
/// users sign in to. Either <see cref="CorpId"/> (an enterprise under this app's service-provider App ID) or
/// <see cref="AppId"/> with <see cref="AppKey"/> (the customer's own single-enterprise app).
/// </summary>
public sealed class HuaweiEnterpriseOptions
{
    /// <summary>The Teams tenant id (AAD tenant id) or the Slack team id.</summary>
    public string Tenant { get; set; } = string.Empty;

    /// <summary>The Huawei enterprise id under the service provider's App ID.</summary>
    public string? CorpId { get; set; }

    /// <summary>The customer's own App ID; the tenant then signs in single-enterprise style with it.</summary>
    public string? AppId { get; set; }

    /// <summary>The App Key of <see cref="AppId"/>. A secret: from the environment or Key Vault, never committed or logged.</summary>
    public string? AppKey { get; set; }

    public bool HasOwnApp => !string.IsNullOrWhiteSpace(AppId) || !string.IsNullOrWhiteSpace(AppKey);

    /// <summary>Never the App Key.</summary>
    public override string ToString() => $"HuaweiEnterpriseOptions {{ Tenant = {Tenant}, CorpId = {CorpId}, AppId = {AppId} }}";
}
