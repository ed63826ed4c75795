using Microsoft.Extensions.Options;

namespace MeetingBot.Meetings.Huawei;

/// <summary>
/// Which Huawei enterprise a chat user signs in to: in single-enterprise mode always the configured app's; in
/// service-provider mode the one <c>HuaweiMeeting:Enterprises</c> maps the user's tenant to, or none (not connected).
/// </summary>
internal sealed class HuaweiEnterpriseDirectory(IOptions<HuaweiMeetingOptions> options)
{
    /// <summary>The user's enterprise, or null when the user's organisation is not connected to Huawei Cloud Meeting.</summary>
    public HuaweiEnterprise? For(ChatUser user)
    {
        var settings = options.Value;
        if (settings.Mode == HuaweiMeetingMode.SingleEnterprise)
        {
            return new HuaweiEnterprise(settings.AppId, settings.AppKey, null);
        }

        if (string.IsNullOrWhiteSpace(user.TenantId))
        {
            return null;
        }

        var tenant = user.TenantId.Trim();
        var entry = settings.Enterprises.FirstOrDefault(e => string.Equals(e.Tenant.Trim(), tenant, StringComparison.OrdinalIgnoreCase));
        return entry switch
        {
            null => null,
            { HasOwnApp: true } => new HuaweiEnterprise(entry.AppId!.Trim(), entry.AppKey!, null),
            _ => new HuaweiEnterprise(settings.AppId, settings.AppKey, entry.CorpId!.Trim()),
        };
    }
}
