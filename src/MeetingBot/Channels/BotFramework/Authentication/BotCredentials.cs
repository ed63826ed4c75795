namespace MeetingBot.Channels.BotFramework.Authentication;

/// <summary>The kinds of Azure identity the Bot Framework SDK can run as (<c>MicrosoftAppType</c>).</summary>
internal enum BotAppType
{
    MultiTenant,
    SingleTenant,
    UserAssignedMSI,
}

/// <summary>
/// The bot's Azure identity as the Bot Framework SDK reads it from configuration: <c>MicrosoftAppType</c> (MultiTenant
/// when empty), <c>MicrosoftAppId</c>, <c>MicrosoftAppPassword</c> and <c>MicrosoftAppTenantId</c>. The SDK refuses a
/// wrong combination only when the first request needs the authentication, and silently takes an unknown type for
/// MultiTenant; <see cref="Problems"/> names each wrong key so that startup can refuse instead.
/// </summary>
internal sealed record BotCredentials(string? AppType, string? AppId, string? Password, string? TenantId)
{
    public const string AppTypeKey = "MicrosoftAppType";
    public const string AppIdKey = "MicrosoftAppId";
    public const string PasswordKey = "MicrosoftAppPassword";
    public const string TenantIdKey = "MicrosoftAppTenantId";

    public static BotCredentials From(IConfiguration configuration) =>
        new(configuration[AppTypeKey], configuration[AppIdKey], configuration[PasswordKey], configuration[TenantIdKey]);

    /// <summary>The configured type; null when <c>MicrosoftAppType</c> names none of them.</summary>
    public BotAppType? Type => string.IsNullOrWhiteSpace(AppType)
        ? BotAppType.MultiTenant
        : Enum.GetValues<BotAppType>().Cast<BotAppType?>().FirstOrDefault(type => string.Equals(type.ToString(), AppType.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The one tenant whose tokens the bot accepts: set for SingleTenant and UserAssignedMSI, else null.</summary>
    public string? BoundTenant => Type is BotAppType.SingleTenant or BotAppType.UserAssignedMSI && !string.IsNullOrWhiteSpace(TenantId) ? TenantId : null;

    /// <summary>What is wrong with the combination, one sentence per key; empty when the SDK can use it.</summary>
    public IReadOnlyList<string> Problems()
    {
        switch (Type)
        {
            case null:
                return [$"{AppTypeKey} is '{AppType}', which is none of {string.Join(", ", Enum.GetNames<BotAppType>())}."];
            case BotAppType.SingleTenant:
                return
                [
                    .. Missing(AppIdKey, AppId, "the app registration's client id"),
                    .. Missing(PasswordKey, Password, "a client secret of the app registration"),
                    .. Missing(TenantIdKey, TenantId, "the tenant of the app registration"),
                ];
            case BotAppType.UserAssignedMSI:
                return
                [
                    .. Missing(AppIdKey, AppId, "the managed identity's client id"),
                    .. Missing(TenantIdKey, TenantId, "the managed identity's tenant"),
                    .. string.IsNullOrWhiteSpace(Password)
                        ? []
                        : (string[])[$"{PasswordKey} must be empty with {AppTypeKey}={BotAppType.UserAssignedMSI}: a managed identity has no password (remove the setting)."],
                ];
            default:
                return [];
        }
    }

    private IEnumerable<string> Missing(string key, string? value, string meaning) =>
        string.IsNullOrWhiteSpace(value) ? [$"{key} ({meaning}) is required with {AppTypeKey}={Type}."] : [];
}
