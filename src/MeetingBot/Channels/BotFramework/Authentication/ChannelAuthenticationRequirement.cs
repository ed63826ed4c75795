using MeetingBot.Conversation;
using Microsoft.Extensions.Options;

namespace MeetingBot.Channels.BotFramework.Authentication;

/// <summary>
/// Fail closed: outside Development an empty <c>MicrosoftAppId</c> stops startup (the adapter would authenticate nobody),
/// unless <c>Bot:AllowUnauthenticated</c> is <c>true</c>; then <see cref="ChannelAuthenticationWarning"/> warns instead.
/// Development keeps the local mode (Emulator, tests) without a word.
/// </summary>
internal sealed class ChannelAuthenticationRequirement(IHostEnvironment environment, IConfiguration configuration) : IValidateOptions<BotOptions>
{
    public const string AppIdKey = "MicrosoftAppId";

    public ValidateOptionsResult Validate(string? name, BotOptions options)
    {
        if (environment.IsDevelopment() || options.AllowUnauthenticated || !string.IsNullOrWhiteSpace(configuration[AppIdKey]))
        {
            return ValidateOptionsResult.Success;
        }

        return ValidateOptionsResult.Fail(
            $"{AppIdKey} is empty in the {environment.EnvironmentName} environment, so /api/messages would accept anyone as any user. " +
            $"Set {AppIdKey} and MicrosoftAppPassword (and MicrosoftAppTenantId for SingleTenant; for a managed identity, " +
            $"MicrosoftAppType=UserAssignedMSI with {AppIdKey} and MicrosoftAppTenantId), " +
            $"or set {BotOptions.SectionName}:{nameof(BotOptions.AllowUnauthenticated)}=true to run without channel authentication on purpose.");
    }
}
