using System.Security.Claims;
using Microsoft.Bot.Connector.Authentication;

namespace MeetingBot.Channels.BotFramework.Authentication;

/// <summary>
/// The last check of a channel token, after the SDK verified its signature, issuer, audience, lifetime, endorsement and
/// service URL. A bot bound to one tenant (<c>SingleTenant</c>, <c>UserAssignedMSI</c>: <paramref name="boundTenant"/>)
/// refuses a token whose <c>tid</c> claim names another tenant; a token that names none is left to the SDK's checks.
/// Skill calls are refused, as the SDK refuses them when no validator is set: MeetingBot is no skill.
/// </summary>
internal sealed class ChannelTokenClaimsValidator(string? boundTenant) : ClaimsValidator
{
    // The SDK's token handler maps the short claim types it knows to long ones: "tid" arrives as this.
    private const string MappedTenantIdClaim = "http://schemas.microsoft.com/identity/claims/tenantid";

    public override Task ValidateClaimsAsync(IList<Claim> claims)
    {
        // The very test the SDK makes when no validator is set; obsolete only as a public helper of its older API.
#pragma warning disable CS0618
        var skillCall = SkillValidation.IsSkillClaim(claims);
#pragma warning restore CS0618
        if (skillCall)
        {
            throw new UnauthorizedAccessException("A skill call; this bot is no skill.");
        }

        var tokenTenant = claims.FirstOrDefault(claim => claim.Type is AuthenticationConstants.TenantIdClaim or MappedTenantIdClaim)?.Value;
        if (boundTenant is not null && tokenTenant is not null && !string.Equals(tokenTenant, boundTenant, StringComparison.OrdinalIgnoreCase))
        {
            throw new UnauthorizedAccessException("The token's tenant (tid) is not MicrosoftAppTenantId.");
        }

        return Task.CompletedTask;
    }
}
