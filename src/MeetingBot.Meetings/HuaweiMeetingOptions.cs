namespace MeetingBot.Meetings;

/// <summary>Configuration section <c>HuaweiMeeting</c>: where Huawei Cloud Meeting is and how this app authenticates to it.</summary>
public sealed class HuaweiMeetingOptions
{
    public const string SectionName = "HuaweiMeeting";

    public static readonly Uri DefaultBaseUrl = new("https://api.meeting.huaweicloud.com");

    public Uri BaseUrl { get; set; } = DefaultBaseUrl;

    /// <summary>The App ID issued by Huawei Cloud Meeting for this app (single-enterprise mode: no corpId is sent).</summary>
    public string AppId { get; set; } = string.Empty;

    /// <summary>The App Key that signs App ID authentication. A secret: from user secrets or the environment, never committed.</summary>
    public string AppKey { get; set; } = string.Empty;

    /// <summary>Single enterprise (default) or service provider with <see cref="Enterprises"/>.</summary>
    public HuaweiMeetingMode Mode { get; set; } = HuaweiMeetingMode.SingleEnterprise;

    /// <summary>Service-provider mode: which chat tenant signs in to which Huawei enterprise. Unmapped tenants are refused.</summary>
    public IList<HuaweiEnterpriseOptions> Enterprises { get; } = [];

    /// <summary>Which profile data (display name, email) goes to Huawei's address book with a sign-in.</summary>
    public HuaweiProfileSharing ShareProfile { get; set; } = HuaweiProfileSharing.Name;

    /// <summary>
    /// The longest a sign-in waits for the user's email from the Teams roster; after it the sign-in goes on without the email.
    /// </summary>
    public TimeSpan EmailLookupTimeout { get; set; } = TimeSpan.FromSeconds(1.5);

    /// <summary>Which chat identity becomes the Huawei <c>userId</c>.</summary>
    public HuaweiUserIdSource UserIdSource { get; set; } = HuaweiUserIdSource.AadObjectIdThenChannelUserId;

    /// <summary>The longest one HTTP attempt to Huawei may take.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The longest a whole activation (authentication, start, retries) may take; kept well under the 15 s Teams allows a turn.
    /// A meeting list or lookup, shown within a turn too, has the same bound.
    /// </summary>
    public TimeSpan ActivationTimeout { get; set; } = TimeSpan.FromSeconds(12);

    /// <summary>How often a transient failure (network error, 502/503/504) is retried within <see cref="ActivationTimeout"/>.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>The first retry's delay; later ones back off exponentially with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>A cached access token is dropped this long before the expiry Huawei announced.</summary>
    public TimeSpan TokenExpiryMargin { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How far ahead the signed <c>expireTime</c> of an App ID authentication request lies.</summary>
    public TimeSpan SignatureLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The most users whose tokens are cached at once; beyond it entries are refused and old ones compacted away.</summary>
    public int TokenCacheSizeLimit { get; set; } = 10_000;
}
