using MeetingBot.Testing;
using Newtonsoft.Json.Linq;

namespace MeetingBot.Tests.Security;

/// <summary>
/// A real host with channel authentication on, whose channel tokens come from a <see cref="LocalOpenIdIssuer"/> of the
/// test's own: the SDK fetches its metadata and keys over real HTTPS and checks real signatures. The issuer publishes
/// <see cref="ChannelKey"/> (endorsed for every channel the tests use) and <see cref="WebChatKey"/> (for Web Chat only).
/// Served by real Kestrel, as in production. One subclass per <c>MicrosoftAppType</c>.
/// </summary>
public abstract class TokenCheckingHost : TurnCountingHost
{
    protected TokenCheckingHost() => OnKestrel();

    public const string AppId = "4b0f6b4e-7f55-4a39-9d0e-2f6d1c3a5b71";
    public const string TenantId = "6a1f0c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b";

    private LocalOpenIdIssuer? issuer;

    public SigningKey ChannelKey { get; } = SigningKey.Create("msteams", "webchat", "directline", "emulator");

    public SigningKey WebChatKey { get; } = SigningKey.Create("webchat");

    public LocalOpenIdIssuer Issuer => issuer ?? throw new InvalidOperationException("The host has not started.");

    /// <summary>The <c>MicrosoftApp*</c> settings of this kind of identity.</summary>
    protected abstract IReadOnlyDictionary<string, string> Credentials { get; }

    /// <summary>A token the Bot Connector would send with <paramref name="activity"/> to this bot.</summary>
    public ChannelToken TokenFor(JObject activity) => new(Issuer.Issuer, AppId, activity.Value<string>("serviceUrl")!);

    public override async Task InitializeAsync()
    {
        issuer = await LocalOpenIdIssuer.StartAsync(ChannelKey, WebChatKey);
        WithSettings(Credentials);
        WithSettings(ChannelToken.SettingsFor(issuer));
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (issuer is not null)
        {
            await issuer.DisposeAsync();
        }

        ChannelKey.Dispose();
        WebChatKey.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class MultiTenantHost : TokenCheckingHost
{
    protected override IReadOnlyDictionary<string, string> Credentials => new Dictionary<string, string>
    {
        ["MicrosoftAppType"] = "MultiTenant",
        ["MicrosoftAppId"] = AppId,
        ["MicrosoftAppPassword"] = "not-a-real-secret",
    };
}

public sealed class SingleTenantHost : TokenCheckingHost
{
    protected override IReadOnlyDictionary<string, string> Credentials => new Dictionary<string, string>
    {
        ["MicrosoftAppType"] = "SingleTenant",
        ["MicrosoftAppId"] = AppId,
        ["MicrosoftAppPassword"] = "not-a-real-secret",
        ["MicrosoftAppTenantId"] = TenantId,
    };
}

/// <summary>The bot as a user-assigned managed identity: its client id as the app id, its tenant, no password.</summary>
public sealed class ManagedIdentityHost : TokenCheckingHost
{
    protected override IReadOnlyDictionary<string, string> Credentials => new Dictionary<string, string>
    {
        ["MicrosoftAppType"] = "UserAssignedMSI",
        ["MicrosoftAppId"] = AppId,
        ["MicrosoftAppTenantId"] = TenantId,
    };
}
