using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using MeetingBot.Meetings.Activation;
using MeetingBot.Sandbox;
using MeetingBot.Testing;
using MeetingBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MeetingBot.Tests.Slack;

/// <summary>
/// The app with <c>/api/slack/commands</c> on, in Development, so activations go through the real client to the sandbox
/// simulator; Slack's delayed replies go to a loopback <see cref="ResponseUrlListener"/>. Served by real Kestrel: the
/// oversized-body test checks the request size limit, which is part of the server's request handling.
/// </summary>
public class SlackHost : MeetingBotApplication
{
    public const string SigningSecret = "integration-test-signing-secret-7f3a";
    public const string TeamId = "T0TEAM0001";
    public const string UserId = "U0USER0001";

    /// <summary>A meeting whose password appears nowhere else (the sandbox logs its demo password on purpose).</summary>
    public static readonly SimulatedMeeting PrivateMeeting = new("986030701", "Pr1vate-Pa55word-4e7b", "100.94.23.50");

    private readonly bool _warmUp;

    public SlackHost()
        : this(withSigningSecret: true, warmUp: true)
    {
    }

    /// <param name="withSigningSecret">Configure <c>Slack:SigningSecret</c> (without it the endpoint is off).</param>
    /// <param name="services">Registrations after the app's own.</param>
    /// <param name="warmUp">Run one whole activation (team <c>T0WARMUP01</c>) before the tests.</param>
    internal SlackHost(bool withSigningSecret, Action<IServiceCollection>? services = null, bool warmUp = false)
    {
        _warmUp = warmUp;
        if (services is not null)
        {
            WithServices(services);
        }

        OnKestrel();
        WithSetting("Slack:AllowLoopbackResponseUrl", "true");
        WithSetting("Slack:ReplyBudget", "00:00:02.500");
        if (withSigningSecret)
        {
            WithSetting("Slack:SigningSecret", SigningSecret);
        }
    }

    /// <summary>
    /// A started host whose clock is <paramref name="time"/>: the reply budget, the simulator's slow answers and the
    /// signature's timestamp check all read it, so a test moves time only while the bot waits.
    /// </summary>
    public static async Task<SlackHost> StartOnClockAsync(TimeProvider time)
    {
        var host = new SlackHost(withSigningSecret: true, services => services.Replace(ServiceDescriptor.Singleton(time)));
        try
        {
            await host.InitializeAsync();
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>A host (not started) whose every activation throws <paramref name="bug"/>, as a bug in the service layer would.</summary>
    public static SlackHost WithActivationsThrowing(string bug)
    {
        var host = new SlackHost(withSigningSecret: true);
        host.WithServices(services => services.Replace(ServiceDescriptor.Singleton<IMeetingActivationService>(new BuggyActivationService(new InvalidOperationException(bug)))));
        return host;
    }

    public ResponseUrlListener SlackHooks { get; } = new();

    public HuaweiSimulator Huawei => Simulator;

    public Uri CommandsUrl => new(BaseAddress, "/api/slack/commands");

    public Uri InteractionsUrl => new(BaseAddress, "/api/slack/interactions");

    public override async Task InitializeAsync()
    {
        await SlackHooks.StartAsync();
        await StartAsync();
        Huawei.Options.SlowMeetingDelay = TimeSpan.FromSeconds(5);
        Huawei.Options.Meetings.Add(PrivateMeeting);
        if (_warmUp)
        {
            // Warm up (JIT, connection pools) with a whole activation, so a loaded machine does not spend the tests'
            // reply budget on first-call costs. Another team, so no test user's token is cached by it.
            using var warmUp = await SendCommandAsync(Form("/activate", $"{HuaweiSimulatorOptions.NotPermittedMeetingId} {HuaweiSimulatorOptions.DemoPassword}", teamId: "T0WARMUP01"));
            warmUp.EnsureSuccessStatusCode();
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await SlackHooks.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>The form fields Slack sends for <c>{command} {text}</c>, with a response_url on the loopback listener.</summary>
    public Dictionary<string, string> Form(string command, string text, string? teamId = null, Uri? responseUrl = null, string? userId = null) => new()
    {
        ["token"] = "VerificationToken",
        ["team_id"] = teamId ?? TeamId,
        ["team_domain"] = "contoso",
        ["channel_id"] = "D0DM000001",
        ["channel_name"] = "directmessage",
        ["user_id"] = userId ?? UserId,
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

    /// <summary>Posts a body with the given headers (null leaves a header out), to the slash-command endpoint unless told.</summary>
    public async Task<HttpResponseMessage> PostAsync(byte[] body, string? timestamp, string? signature, Uri? url = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url ?? CommandsUrl) { Content = new ByteArrayContent(body) };
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
    public Task<HttpResponseMessage> SendCommandAsync(Dictionary<string, string> form, string secret = SigningSecret, DateTimeOffset? signedAt = null) =>
        SendSignedAsync(CommandsUrl, Encode(form), secret, signedAt);

    /// <summary>Posts a button click (<see cref="SlackClicks.Body"/>) signed like Slack does, to the interactivity endpoint.</summary>
    public Task<HttpResponseMessage> SendClickAsync(byte[] body, string secret = SigningSecret, DateTimeOffset? signedAt = null) =>
        SendSignedAsync(InteractionsUrl, body, secret, signedAt);

    private Task<HttpResponseMessage> SendSignedAsync(Uri url, byte[] body, string secret, DateTimeOffset? signedAt)
    {
        var timestamp = (signedAt ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return PostAsync(body, timestamp, Sign(secret, timestamp, body), url);
    }
}
