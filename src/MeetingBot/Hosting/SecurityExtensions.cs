using MeetingBot.Meetings;
using MeetingBot.Meetings.Protection;
using MeetingBot.Security;

namespace MeetingBot.Hosting;

public static class SecurityExtensions
{
    /// <summary>
    /// Abuse resistance: brute-force lockout, per-user attempt limits and the audit trail around the activation
    /// service; the client-side limiter on the Huawei HttpClient (inside its retries, so every network attempt is
    /// gated); the <c>Bot</c> section's security settings and the tenant allowlist (adapter middleware). Call after <see cref="MeetingActivationExtensions.AddMeetingActivation"/>.
    /// </summary>
    public static WebApplicationBuilder AddSecurity(this WebApplicationBuilder builder)
    {
        builder.Services.AddActivationProtection(builder.Configuration);
        builder.Services.AddHttpClient(MeetingActivationServiceCollectionExtensions.HuaweiHttpClientName).AddHuaweiRateLimits();

        builder.Services.AddOptions<BotSecurityOptions>()
            .Bind(builder.Configuration.GetSection(BotSecurityOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
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
