using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using MeetingBot.Hosting;
using MeetingBot.Sandbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace MeetingBot.Tests.Slack;

/// <summary>
/// The real host on Kestrel (127.0.0.1:0) in Development, so activations go through the real client to the sandbox
/// simulator; Slack's delayed replies go to a loopback <see cref="ResponseUrlListener"/>. Every log record is collected.
/// </summary>
public sealed class SlackHost : IAsyncLifetime
{
    public const string SigningSecret = "integration-test-signing-secret-7f3a";
    public const string TeamId = "T0TEAM0001";
    public const string UserId = "U0USER0001";

    /// <summary>A meeting whose password appears nowhere else (the sandbox logs its demo password on purpose).</summary>
    public static readonly SimulatedMeeting PrivateMeeting = new("986030701", "Pr1vate-Pa55word-4e7b", "100.94.23.50");

    private readonly bool _withSigningSecret;
    private readonly Action<IServiceCollection>? _services;
    private readonly IReadOnlyList<string> _settings;
    private WebApplication? _app;

    public SlackHost()
        : this(withSigningSecret: true)
    {
    }

    /// <param name="withSigningSecret">Configure <c>Slack:SigningSecret</c> (without it the endpoint is off).</param>
    /// <param name="services">Registrations made before the app's own (which add theirs only when missing).</param>
    /// <param name="settings">More command-line configuration, for example <c>["--Slack:AllowedTeams:0", "T0TEAM0001"]</c>.</param>
    internal SlackHost(bool withSigningSecret, Action<IServiceCollection>? services = null, IReadOnlyList<string>? settings = null)
    {
        _withSigningSecret = withSigningSecret;
        _services = services;
        _settings = settings ?? [];
    }

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(60) };

    public ResponseUrlListener SlackHooks { get; } = new();

    public IServiceProvider Services => _app!.Services;

    public HuaweiSimulator Huawei => _app!.Services.GetRequiredService<HuaweiSimulator>();

    public FakeLogCollector Logs => _app!.Services.GetFakeLogCollector();

    public Uri CommandsUrl { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await SlackHooks.StartAsync();
        List<string> args =
        [
            "--urls", "http://127.0.0.1:0",
            "--environment", "Development",
            "--Slack:AllowLoopbackResponseUrl", "true",
            "--Slack:ReplyBudget", "00:00:02.500",
        ];
        if (_withSigningSecret)
        {
            args.AddRange(["--Slack:SigningSecret", SigningSecret]);
        }

        args.AddRange(_settings);

        _app = MeetingBotApp.Build([.. args], builder =>
        {
            builder.Logging.AddFakeLogging();
            builder.Logging.AddFilter<FakeLoggerProvider>(null, LogLevel.Trace);
            _services?.Invoke(builder.Services);
        });
        await _app.StartAsync();
        CommandsUrl = new Uri(new Uri(_app.Urls.First()), "/api/slack/commands");
        Huawei.Options.SlowMeetingDelay = TimeSpan.FromSeconds(5);
        Huawei.Options.Meetings.Add(PrivateMeeting);
        if (_withSigningSecret && _services is null)
        {
            // Warm up (JIT, connection pools) with a whole activation, so a loaded machine does not spend the tests'
            // reply budget on first-call costs. Another team, so no test user's token is cached by it.
            using var warmUp = await SendCommandAsync(Form("/activate", $"{HuaweiSimulatorOptions.NotPermittedMeetingId} {HuaweiSimulatorOptions.DemoPassword}", teamId: "T0WARMUP01"));
            warmUp.EnsureSuccessStatusCode();
        }
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        await SlackHooks.DisposeAsync();
    }

    /// <summary>The form fields Slack sends for <c>{command} {text}</c>, with a response_url on the loopback listener.</summary>
    public Dictionary<string, string> Form(string command, string text, string? teamId = null, Uri? responseUrl = null) => new()
    {
        ["token"] = "VerificationToken",
        ["team_id"] = teamId ?? TeamId,
        ["team_domain"] = "contoso",
        ["channel_id"] = "D0DM000001",
        ["channel_name"] = "directmessage",
        ["user_id"] = UserId,
        ["user_name"] = "test.user",
        ["command"] = command,
        ["text"] = text,
        ["api_app_id"] = "A0APP00001",
        ["is_enterprise_install"] = "false",
        ["response_url"] = (responseUrl ?? SlackHooks.NewResponseUrl()).ToString(),
        ["trigger_id"] = "1234.5678.abcd",
    };

    public static byte[] Encode(IEnumerable<KeyValuePair<string, string>> fields) => SlashCommandPayloadTests.FormBody(fields);

    public static string Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>Slack's v0 signature, as Slack computes it.</summary>
    public static string Sign(string secret, string timestamp, byte[] body)
    {
        byte[] message = [.. Encoding.ASCII.GetBytes($"v0:{timestamp}:"), .. body];
        var signed = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message);
        return "v0=" + Convert.ToHexStringLower(signed);
    }

    /// <summary>Posts a body with the given headers (null leaves a header out).</summary>
    public async Task<HttpResponseMessage> PostAsync(byte[] body, string? timestamp, string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, CommandsUrl) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        if (timestamp is not null)
        {
            request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        }

        if (signature is not null)
        {
            request.Headers.Add("X-Slack-Signature", signature);
        }

        return await Http.SendAsync(request);
    }

    /// <summary>Posts a slash command signed like Slack does (by default with the right secret and the current time).</summary>
    public Task<HttpResponseMessage> SendCommandAsync(Dictionary<string, string> form, string secret = SigningSecret, DateTimeOffset? signedAt = null)
    {
        var body = Encode(form);
        var timestamp = (signedAt ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return PostAsync(body, timestamp, Sign(secret, timestamp, body));
    }

    /// <summary>Every log record as text: message, exception and structured values.</summary>
    public string AllLogText() => string.Join('\n', Logs.GetSnapshot().Select(record =>
        $"{record.Category} {record.Message} {record.Exception} {string.Join(' ', record.StructuredState?.Select(pair => pair.Value) ?? [])}"));
}
