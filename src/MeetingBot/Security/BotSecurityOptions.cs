using System.ComponentModel.DataAnnotations;

namespace MeetingBot.Security;

/// <summary>The security settings of the <c>Bot</c> configuration section.</summary>
public sealed class BotSecurityOptions
{
    public const string SectionName = "Bot";

    /// <summary>
    /// Teams tenants (AAD tenant ids) the bot serves; empty serves every tenant. Activities that carry another
    /// tenant, and Teams activities that carry none, get a polite refusal and never reach Huawei.
    /// </summary>
    public IReadOnlyList<string> AllowedTenants { get; set; } = [];

    /// <summary>The largest request body <c>/api/messages</c> accepts; larger ones get 413. Real activities are a few KB.</summary>
    [Range(1_024, 16 * 1024 * 1024)]
    public int MaxRequestBytes { get; set; } = 256 * 1024;
}
