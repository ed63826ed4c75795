using MeetingBot.Channels.Slack;
using MeetingBot.Channels;
using MeetingBot.LateOutcomes;
using MeetingBot.Localization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MeetingBot.Hosting;

public static class SlackExtensions
{
    /// <summary>Registers the services of the Slack endpoints (slash commands, interactivity), bound from the <c>Slack</c> section.</summary>
    public static WebApplicationBuilder AddSlackCommands(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SlackOptions>()
            .Bind(builder.Configuration.GetSection(SlackOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddSingleton<SlackSignatureVerifier>();
        builder.Services.AddSingleton<SlackResponseUrlPolicy>();
        builder.Services.AddSingleton<SlackResponseUrlClient>();
        builder.Services.AddSingleton<SlackRequests>();
        // Slash-command payloads carry no locale, so replies are in English.
        builder.Services.AddSingleton(new SlackReplies(BotText.For(locale: null)));
        builder.Services.AddSingleton<SlashCommandHandler>();
        builder.Services.AddSingleton<SlackInteractionHandler>();
        builder.Services.AddSingleton<SlackInteractionEndpoint>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ILateOutcomeAddressFormat, SlackAddressFormat>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IOrphanedOutcomeDelivery, SlackOrphanDelivery>());
        builder.Services.TryAddSingleton(TimeProvider.System);

        builder.Services.AddHttpClient(SlackResponseUrlClient.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(10))
            // No redirects: a delayed reply goes to the validated host or nowhere.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
            // The default handler logs would write the response_url, a capability, at Information level.
            .RemoveAllLoggers();

        return builder;
    }

    public static WebApplication MapSlackCommands(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<SlackOptions>>().Value;
        app.MapPost(SlackCommandEndpoint.Route, SlackCommandEndpoint.HandleAsync)
            .WithMetadata(new BodySizeLimit(() => options.MaxRequestBodyBytes));
        app.MapPost(SlackInteractionEndpoint.Route, (HttpContext context, SlackInteractionEndpoint endpoint) => endpoint.HandleAsync(context))
            .WithMetadata(new BodySizeLimit(() => options.MaxRequestBodyBytes));

        if (!options.IsEnabled)
        {
            app.Logger.LogInformation(
                "Slack slash commands and buttons are off ({Route} and {InteractionsRoute} answer 404): set {Key} to enable them",
                SlackCommandEndpoint.Route, SlackInteractionEndpoint.Route, "Slack:SigningSecret");
        }
        else if (options.AllowLoopbackResponseUrl && !app.Environment.IsDevelopment())
        {
            app.Logger.LogWarning("Slack:AllowLoopbackResponseUrl is on outside Development: delayed replies may go to loopback addresses");
        }

        return app;
    }
}
