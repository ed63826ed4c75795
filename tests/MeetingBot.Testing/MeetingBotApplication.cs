using System.Globalization;
using System.Net;
using System.Runtime.ExceptionServices;
using MeetingBot.Sandbox;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace MeetingBot.Testing;

/// <summary>
/// The one way tests boot MeetingBot: the real app (<c>Program</c>, composed by <c>MeetingBotApp.Build</c>) through
/// <see cref="WebApplicationFactory{TEntryPoint}"/>, in Development unless told otherwise, so activations go to the built-in
/// Huawei simulator (the sandbox), itself a real loopback HTTP listener. Every log record (Trace and up) is collected.
/// <list type="bullet">
/// <item>Settings (<see cref="WithSetting"/>) reach the app as command-line arguments do, so they are seen while the app
/// registers its services (the sandbox, for example, is chosen from them).</item>
/// <item>Service overrides (<see cref="WithServices"/>) run after the app's own registrations (ConfigureTestServices),
/// so the last registration wins; use <c>Replace</c> or <c>PostConfigure</c>.</item>
/// <item>By default requests go through the in-memory test server. <see cref="OnKestrel"/> switches to real Kestrel on
/// 127.0.0.1 with an OS-chosen port instead, for what only a real socket shows: Kestrel's own request handling
/// (body size limits, chunked bodies) and callers that must reach the bot over real HTTP (another process, a browser).</item>
/// </list>
/// Configure first, then <see cref="StartAsync"/> (or use it as an xunit fixture: it starts in InitializeAsync).
/// </summary>
public class MeetingBotApplication : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly Dictionary<string, string> settings = [];
    private readonly List<Action<IServiceCollection>> serviceOverrides = [];
    private string environment = Environments.Development;
    private IServiceProvider? services;
    private List<ServiceDescriptor>? registrations;
    private HttpClient? http;

    // The app's entry point runs on a thread of its own, and until WebApplicationFactory has the app's host, every host
    // built on that thread gets the test configuration too. The sandbox simulator builds its own host while the app starts,
    // so the app's hosted services wait until the app's host is handed over.
    private readonly TaskCompletionSource builtHost = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Starts a host with <paramref name="settings"/> (for example <c>["Bot:InvokeReplyBudget"] = "00:00:00.5"</c>) and <paramref name="overrides"/>.</summary>
    public static async Task<MeetingBotApplication> StartAsync(
        IEnumerable<KeyValuePair<string, string>>? settings = null, Action<IServiceCollection>? overrides = null)
    {
        var application = new MeetingBotApplication().WithSettings(settings ?? []);
        if (overrides is not null)
        {
            application.WithServices(overrides);
        }

        try
        {
            await application.StartAsync();
        }
        catch
        {
            await application.DisposeAsync();
            throw;
        }

        return application;
    }

    /// <summary>
    /// Starts a host whose clock is <paramref name="time"/> (reply budgets, deadlines and the simulator's delays run on it)
    /// and whose Teams card actions wait <paramref name="invokeReplyBudget"/> before answering "activating…".
    /// </summary>
    public static Task<MeetingBotApplication> StartOnClockAsync(FakeTimeProvider time, TimeSpan invokeReplyBudget) =>
        StartAsync(
            new Dictionary<string, string> { ["Bot:InvokeReplyBudget"] = invokeReplyBudget.ToString("c", CultureInfo.InvariantCulture) },
            services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(time)));

    public override IServiceProvider Services => services ?? base.Services;

    /// <summary>Every service registration the app made (and the overrides), also when starting failed.</summary>
    public IReadOnlyCollection<ServiceDescriptor> Registrations =>
        registrations ?? throw new InvalidOperationException("The application was not built.");

    /// <summary>A client for the app (redirects not followed), created on first use and disposed with the app.</summary>
    public HttpClient Http => http ??= CreateHttpClient();

    public Uri BaseAddress => Http.BaseAddress!;

    /// <summary>The sandbox Huawei server the app talks to (request counters, forced answers, meetings); Development only.</summary>
    public HuaweiSimulator Simulator => Services.GetRequiredService<HuaweiSimulator>();

    /// <summary>Every log record of the app, also of a startup that failed.</summary>
    public FakeLogCollector Logs { get; } = new();

    public MeetingBotApplication WithSetting(string key, string value)
    {
        ThrowIfStarted();
        settings[key] = value;
        return this;
    }

    public MeetingBotApplication WithSettings(IEnumerable<KeyValuePair<string, string>> values)
    {
        foreach (var (key, value) in values)
        {
            WithSetting(key, value);
        }

        return this;
    }

    /// <summary>Service registrations applied after the app's own.</summary>
    public MeetingBotApplication WithServices(Action<IServiceCollection> overrides)
    {
        ThrowIfStarted();
        serviceOverrides.Add(overrides);
        return this;
    }

    public MeetingBotApplication InEnvironment(string name)
    {
        ThrowIfStarted();
        environment = name;
        return this;
    }

    /// <summary>Serves over real Kestrel on 127.0.0.1 (a free port) instead of the in-memory test server.</summary>
    public MeetingBotApplication OnKestrel()
    {
        ThrowIfStarted();
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        return this;
    }

    /// <summary>Builds and starts the app; throws what the app's startup throws (options validation, for example).</summary>
    public async Task StartAsync()
    {
        StartServer();
        // The factory returns once ApplicationStarted fires, maybe before the app's own ApplicationStarted callbacks ran
        // (they log, for example the channel authentication warning); the host logs "Hosting started" after all of them.
        await Poll.UntilAsync(
            () => Logs.GetSnapshot().Any(record => record.Category == HostCategory && record.Message == "Hosting started"),
            TimeSpan.FromSeconds(60), "the host to finish starting");
    }

    /// <summary>Every log record as text: level, category, message, exception and structured values.</summary>
    public string AllLogText() => string.Join('\n', Logs.GetSnapshot().Select(record =>
        $"{record.Level} {record.Category} {record.Message} {record.Exception} {string.Join(' ', record.StructuredState?.Select(pair => $"{pair.Key}={pair.Value}") ?? [])}"));

    public virtual Task InitializeAsync() => StartAsync();

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public override async ValueTask DisposeAsync()
    {
        http?.Dispose();
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging =>
        {
            logging.ClearProviders();
            logging.AddProvider(new FakeLoggerProvider(Logs));
            logging.AddFilter<FakeLoggerProvider>(null, LogLevel.Trace);
        });
        builder.ConfigureTestServices(appRegistrations =>
        {
            appRegistrations.Insert(0, ServiceDescriptor.Singleton<IHostedService>(new WaitUntil(builtHost.Task)));
            foreach (var overrides in serviceOverrides)
            {
                overrides(appRegistrations);
            }

            registrations = [.. appRegistrations];
        });
    }

    protected override IHost CreateHost(IHostBuilder builder)
    {
        var host = builder.Build();
        services = host.Services;
        builtHost.TrySetResult();
        try
        {
            host.Start();
        }
        catch (ObjectDisposedException) when (StartupFailure(Logs) is { } failure)
        {
            // The app's entry point started the host, which failed and was disposed before the factory asked how it went.
            ExceptionDispatchInfo.Throw(failure);
        }

        return new StoppedByTheApp(host);
    }

    private const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";

    private static Exception? StartupFailure(FakeLogCollector logs) =>
        logs.GetSnapshot().LastOrDefault(record => record.Category == HostCategory && record.Exception is not null)?.Exception;

    private HttpClient CreateHttpClient()
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = ClientOptions.BaseAddress });
        client.Timeout = TimeSpan.FromSeconds(60);
        return client;
    }

    private void ThrowIfStarted()
    {
        if (services is not null)
        {
            throw new InvalidOperationException("Configure the application before it starts.");
        }
    }

    /// <summary>Starts (first of the hosted services) only once <paramref name="condition"/> completed.</summary>
    private sealed class WaitUntil(Task condition) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => condition.WaitAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>
    /// The app's host, stopped the way the app's entry point expects: its <c>app.Run()</c> stops and disposes the host once
    /// asked to, so stopping it from here as well would run every hosted service's StopAsync twice, at the same time.
    /// </summary>
    private sealed class StoppedByTheApp(IHost host) : IHost, IAsyncDisposable
    {
        public IServiceProvider Services => host.Services;

        public Task StartAsync(CancellationToken cancellationToken = default) => host.StartAsync(cancellationToken);

        public async Task StopAsync(CancellationToken cancellationToken = default)
        {
            IHostApplicationLifetime lifetime;
            try
            {
                lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var registration = lifetime.ApplicationStopped.Register(() => stopped.TrySetResult());
            lifetime.StopApplication();
            await stopped.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
        }

        public void Dispose() => host.Dispose();

        public ValueTask DisposeAsync() => host is IAsyncDisposable disposable ? disposable.DisposeAsync() : ValueTask.CompletedTask;
    }
}
