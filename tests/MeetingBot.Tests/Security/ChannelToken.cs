using MeetingBot.Testing;

namespace MeetingBot.Tests.Security;

/// <summary>
/// A token as the Bot Connector signs one for an activity it sends a bot: issuer, audience (the bot's app id), the
/// activity's service URL, a lifetime, and a tenant (<c>tid</c>) only when a test names one. Each test changes one
/// thing (<c>with</c>) to make it wrong.
/// </summary>
public sealed record ChannelToken(string Issuer, string Audience, string ServiceUrl)
{
    public DateTimeOffset NotBefore { get; init; } = DateTimeOffset.UtcNow.AddMinutes(-1);

    public DateTimeOffset Expires { get; init; } = DateTimeOffset.UtcNow.AddHours(1);

    public string? TenantId { get; init; }

    /// <summary>The <c>Authorization</c> header value: the token signed by <paramref name="key"/>.</summary>
    public string BearerSignedBy(SigningKey key)
    {
        var claims = new Dictionary<string, object>
        {
            ["iss"] = Issuer,
            ["aud"] = Audience,
            ["serviceurl"] = ServiceUrl,
            ["nbf"] = NotBefore.ToUnixTimeSeconds(),
            ["exp"] = Expires.ToUnixTimeSeconds(),
        };
        if (TenantId is not null)
        {
            claims["tid"] = TenantId;
        }

        return "Bearer " + key.Sign(claims);
    }

    /// <summary>
    /// Where the SDK takes channel tokens from, as it reads it for a sovereign or private cloud
    /// (<c>ConfigurationBotFrameworkAuthentication</c>): <paramref name="issuer"/>'s metadata and name; outgoing calls keep the
    /// public cloud's scope and login.
    /// </summary>
    public static Dictionary<string, string> SettingsFor(LocalOpenIdIssuer issuer) => new()
    {
        ["ToBotFromChannelOpenIdMetadataUrl"] = issuer.MetadataUrl,
        ["ToBotFromChannelTokenIssuer"] = issuer.Issuer,
        ["ToChannelFromBotOAuthScope"] = "https://api.botframework.com",
        ["ToChannelFromBotLoginUrl"] = "https://login.microsoftonline.com/botframework.com",
    };
}
