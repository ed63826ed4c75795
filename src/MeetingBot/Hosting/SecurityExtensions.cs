using MeetingBot.Security;

namespace MeetingBot.Hosting;

public static class SecurityExtensions
{
    /// <summary>The <c>Bot</c> section's security settings (tenant allowlist, request size), validated at start.</summary>
    public static WebApplicationBuilder AddSecurity(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<BotSecurityOptions>()
            .Bind(builder.Configuration.GetSection(BotSecurityOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return builder;
    }

    /// <summary>Guards <c>/api/messages</c> against oversized and malformed bodies; warns when channel authentication is off.</summary>
    public static WebApplication UseSecurity(this WebApplication app)
    {
        app.UseMiddleware<ActivityRequestGuard>();
        ChannelAuthenticationWarning.WarnWhenUnauthenticated(app);
        return app;
    }
}
