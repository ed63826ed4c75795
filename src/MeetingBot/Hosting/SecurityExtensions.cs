using MeetingBot.Channels.BotFramework.Authentication;
using MeetingBot.Channels.BotFramework;
using MeetingBot.Conversation;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MeetingBot.Hosting;

public static class SecurityExtensions
{
    /// <summary>
    /// Channel security: fail closed without <c>MicrosoftAppId</c> outside Development (<see cref="ChannelAuthenticationRequirement"/>, a validator of the <c>Bot</c> section that <see cref="BotExtensions.AddBot"/> binds),
    /// and never start with <c>MicrosoftApp*</c> settings the SDK cannot use (<see cref="BotCredentialsRequirement"/>),
    /// and the tenant allowlist (adapter middleware). The activation's own protection (lockout, attempt limits, audit,
    /// Huawei's rate limits) is composed with the activation core in <c>AddActivationCore</c>.
    /// </summary>
    public static WebApplicationBuilder AddSecurity(this WebApplicationBuilder builder)
    {
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BotOptions>, ChannelAuthenticationRequirement>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BotOptions>, BotCredentialsRequirement>());
        builder.Services.AddSingleton<Microsoft.Bot.Builder.IMiddleware, TenantAllowlistMiddleware>();
        return builder;
    }

    /// <summary>
    /// Warns when channel authentication is off. (The activity endpoint's size limit and shape check are its own
    /// metadata and filter, attached in <see cref="BotExtensions.MapBot"/>.)
    /// </summary>
    public static WebApplication UseSecurity(this WebApplication app)
    {
        ChannelAuthenticationWarning.WarnWhenUnauthenticated(app);
        return app;
    }
}
