using System.Globalization;
using MeetingBot.Channels.BotFramework.Authentication;
using MeetingBot.Channels.BotFramework.DialogState;
using MeetingBot.Channels.BotFramework.LazyClients;
using MeetingBot.Channels.BotFramework;
using MeetingBot.Channels;
using MeetingBot.Conversation;
using MeetingBot.LateOutcomes;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MeetingBot.Hosting;

public static class BotExtensions
{
    /// <summary>
    /// The Bot Framework side: channel authentication from <c>MicrosoftAppType</c>/<c>MicrosoftAppId</c>/
    /// <c>MicrosoftAppPassword</c>/<c>MicrosoftAppTenantId</c> (an empty app id is local mode: Emulator and tests;
    /// <c>UserAssignedMSI</c> runs as a managed identity, without a password),
    /// the CloudAdapter, state over <see cref="IStorage"/> (memory or Redis: <c>AddState</c>), and the bot.
    /// </summary>
    public static WebApplicationBuilder AddBot(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<BotOptions>()
            .Bind(builder.Configuration.GetSection(BotOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddHttpClient();
        // The factory's default request loggers keep raw header values (Bot Framework bearer tokens, X-Access-Token)
        // in their structured state at Trace level; no client of ours uses them.
        services.ConfigureHttpClientDefaults(http => http.RemoveAllLoggers());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ConversationState>();
        services.AddSingleton<UserState>();

        // The SDK reads the MicrosoftApp* settings (checked at startup: BotCredentialsRequirement) and, for a private or
        // sovereign cloud, where channel tokens come from (ToBotFromChannelOpenIdMetadataUrl, ToBotFromChannelTokenIssuer).
        services.AddSingleton(provider =>
        {
            var configuration = provider.GetRequiredService<IConfiguration>();
            return new ConfigurationBotFrameworkAuthentication(
                configuration,
                authConfiguration: new AuthenticationConfiguration
                {
                    ClaimsValidator = new ChannelTokenClaimsValidator(BotCredentials.From(configuration).BoundTenant),
                },
                httpClientFactory: provider.GetRequiredService<IHttpClientFactory>());
        });
        services.AddSingleton<BotFrameworkAuthentication>(provider =>
            new LazyClientsAuthentication(provider.GetRequiredService<ConfigurationBotFrameworkAuthentication>()));
        services.AddSingleton<MeetingBotAdapter>();
        services.AddSingleton<IBotFrameworkHttpAdapter>(provider => provider.GetRequiredService<MeetingBotAdapter>());

        // The core every channel shares: the dialog decides, the use case runs, late outcomes follow one shutdown rule.
        services.AddSingleton<ActivationDialog>();
        services.AddSingleton<ActivationUseCase>();
        services.AddSingleton<MeetingLinkPreview>();
        services.AddSingleton<ActivationsInFlight>();
        services.AddHostedService(provider => provider.GetRequiredService<ActivationsInFlight>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILateOutcomeAddressFormat, BotFrameworkAddressFormat>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IOrphanedOutcomeDelivery, BotFrameworkOrphanDelivery>());
        // The host must wait for the grace period and the restart notices after it.
        // Read raw: the host reads its options while it is built, before the Bot section's validation may refuse to start.
        var configuredGrace = builder.Configuration[$"{BotOptions.SectionName}:{nameof(BotOptions.ShutdownGracePeriod)}"];
        var grace = TimeSpan.TryParse(configuredGrace, CultureInfo.InvariantCulture, out var parsed) ? parsed : new BotOptions().ShutdownGracePeriod;
        services.Configure<HostOptions>(host =>
            host.ShutdownTimeout = TimeSpan.FromTicks(Math.Max(host.ShutdownTimeout.Ticks, (grace + ActivationsInFlight.NoticeTimeout + TimeSpan.FromSeconds(5)).Ticks)));

        services.AddSingleton<ConversationGate>();
        services.AddTransient<IBot, MeetingActivationBot>();
        return builder;
    }

    public const string MessagesRoute = "/api/messages";

    /// <summary>
    /// <c>POST /api/messages</c>: the channel's door, handed straight to the adapter. Its size limit and activity check
    /// are the endpoint's own (metadata and filter), so they go wherever the route goes.
    /// </summary>
    public static WebApplication MapBot(this WebApplication app, string route = MessagesRoute)
    {
        var options = app.Services.GetRequiredService<IOptions<BotOptions>>();
        app.MapPost(route, (HttpRequest request, HttpResponse response, IBotFrameworkHttpAdapter adapter, IBot bot, CancellationToken cancellationToken) =>
                adapter.ProcessAsync(request, response, bot, cancellationToken))
            .WithMetadata(new BodySizeLimit(() => options.Value.MaxRequestBytes))
            .AddEndpointFilter<ActivityRequestGuard>();
        return app;
    }
}
