using MeetingBot.Hosting;
using MeetingBot.Sandbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json.Linq;

namespace MeetingBot.Tests.Infrastructure;

/// <summary>
/// The real MeetingBot host on Kestrel (127.0.0.1, a free port) in Development, so activations go to the built-in
/// Huawei simulator (the sandbox) unless a test replaces services. Logs are captured for assertions.
/// </summary>
public sealed class BotHost : IAsyncDisposable
{
    private BotHost(WebApplication app)
    {
        App = app;
        BaseAddress = new Uri(app.Urls.First());
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => App.Services;

    /// <summary>The sandbox Huawei server the host talks to (request counters, forced answers, meeting settings).</summary>
    public HuaweiSimulator Simulator => Services.GetRequiredService<HuaweiSimulator>();

    public FakeLogCollector Logs => Services.GetRequiredService<FakeLogCollector>();

    /// <param name="settings">Configuration, for example <c>["Bot:InvokeReplyBudget"] = "00:00:00.5"</c>.</param>
    /// <param name="overrides">Service replacements applied after the app registered its own (last registration wins).</param>
    public static async Task<BotHost> StartAsync(IReadOnlyDictionary<string, string>? settings = null, Action<IServiceCollection>? overrides = null)
    {
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            "--environment", "Development",
            .. (settings ?? new Dictionary<string, string>()).Select(s => $"--{s.Key}={s.Value}"),
        ];
        var app = MeetingBotApp.Build(args, builder =>
        {
            builder.Logging.ClearProviders();
            builder.Logging.SetMinimumLevel(LogLevel.Debug);
            builder.Logging.AddFakeLogging();
            if (overrides is not null)
            {
                builder.Host.UseServiceProviderFactory(new OverridingServiceProviderFactory(overrides));
            }
        });
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new BotHost(app);
    }

    public BotConversation Conversation(string fixture, Action<JObject>? customize = null) => new(this, fixture, customize);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }

    /// <summary>Builds the container after applying test overrides, with the same validation Development uses.</summary>
    private sealed class OverridingServiceProviderFactory(Action<IServiceCollection> overrides) : IServiceProviderFactory<IServiceCollection>
    {
        public IServiceCollection CreateBuilder(IServiceCollection services) => services;

        public IServiceProvider CreateServiceProvider(IServiceCollection containerBuilder)
        {
            overrides(containerBuilder);
            return containerBuilder.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        }
    }
}
