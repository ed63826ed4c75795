using MeetingBot.Bot;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MeetingBot.Hosting;

public static class BotExtensions
{
    /// <summary>
    /// The Bot Framework side: channel authentication from <c>MicrosoftAppType</c>/<c>MicrosoftAppId</c>/
    /// <c>MicrosoftAppPassword</c>/<c>MicrosoftAppTenantId</c> (an empty app id is local mode: Emulator and tests),
    /// the CloudAdapter, state over <see cref="IStorage"/> (memory unless something else is registered), and the bot.
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
        services.TryAddSingleton<IStorage, MemoryStorage>();
        services.AddSingleton<ConversationState>();
        services.AddSingleton<UserState>();

        services.AddSingleton<ConfigurationBotFrameworkAuthentication>();
        services.AddSingleton<BotFrameworkAuthentication>(provider =>
            new LazyUserTokenAuthentication(provider.GetRequiredService<ConfigurationBotFrameworkAuthentication>()));
        services.AddSingleton<MeetingBotAdapter>();
        services.AddSingleton<IBotFrameworkHttpAdapter>(provider => provider.GetRequiredService<MeetingBotAdapter>());

        services.AddSingleton<ActivationDialog>();
        services.AddSingleton<OutcomeDelivery>();
        services.AddSingleton<ConversationGate>();
        services.AddHostedService(provider => provider.GetRequiredService<OutcomeDelivery>());
        services.AddTransient<IBot, MeetingActivationBot>();
        return builder;
    }

    /// <summary><c>POST /api/messages</c>: the channel's door, handed straight to the adapter.</summary>
    public static WebApplication MapBot(this WebApplication app)
    {
        app.MapPost("/api/messages", (HttpRequest request, HttpResponse response, IBotFrameworkHttpAdapter adapter, IBot bot, CancellationToken cancellationToken) =>
            adapter.ProcessAsync(request, response, bot, cancellationToken));
        return app;
    }
}
