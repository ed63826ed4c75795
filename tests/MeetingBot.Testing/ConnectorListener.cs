using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json.Linq;
using Xunit;

namespace MeetingBot.Testing;

/// <summary>A request the bot made to the Bot Connector service, with its <c>Authorization</c> header (null when it had none).</summary>
public sealed record ConnectorCall(string Method, string Path, string Query, JObject? Body, string? Authorization = null);

/// <summary>
/// Stands in for the Bot Connector service (a channel's <c>serviceUrl</c>) on a loopback port: records every call the
/// bot makes (send, reply, update) and answers like the connector. <see cref="FailUpdates"/> makes updates fail.
/// </summary>
public sealed class ConnectorListener : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<ConnectorCall> calls = new();
    private readonly CancellationTokenSource stopping = new();

    private ConnectorListener(WebApplication app) => this.app = app;

    public Uri ServiceUrl => new(app.Urls.First() + "/");

    public IReadOnlyList<ConnectorCall> Calls => [.. calls];

    /// <summary>Answer PUT (update activity) with 404, as the connector does for a message it cannot update.</summary>
    public bool FailUpdates { get; set; }

    /// <summary>Never answers updates (PUT) that arrive while this is set (until disposed), like a connector that hangs.</summary>
    public bool HangUpdates { get; set; }

    /// <summary>Answer targeted sends (<c>?isTargetedActivity=true</c>) with 400, as a tenant without targeted messages would.</summary>
    public bool FailTargeted { get; set; }

    /// <summary>Answers roster lookups (GET <c>…/members/{userId}</c>, as <c>TeamsInfo.GetMemberAsync</c> sends) with this member.</summary>
    public JObject? Member { get; set; }

    /// <summary>Never answers roster lookups (until disposed), like a Teams roster that hangs.</summary>
    public bool HangMemberLookups { get; set; }

    public static async Task<ConnectorListener> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var listener = new ConnectorListener(app);
        app.Run(listener.HandleAsync);
        await app.StartAsync();
        return listener;
    }

    /// <summary>Waits (generously) until a recorded call matches.</summary>
    public async Task<ConnectorCall> WaitForAsync(Func<ConnectorCall, bool> match, TimeSpan? timeout = null)
    {
        ConnectorCall? found = null;
        try
        {
            await Poll.UntilAsync(() => (found = calls.FirstOrDefault(match)) is not null, timeout ?? TimeSpan.FromSeconds(30), "a matching Bot Connector call");
        }
        catch (TimeoutException)
        {
            Assert.Fail($"No matching Bot Connector call; saw: {string.Join(", ", calls.Select(c => $"{c.Method} {c.Path}"))}");
        }

        return found!;
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await app.StopAsync();
        await app.DisposeAsync();
        stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var authorization = context.Request.Headers.Authorization.ToString();
        calls.Enqueue(new ConnectorCall(
            context.Request.Method,
            context.Request.Path,
            context.Request.QueryString.Value ?? string.Empty,
            body.StartsWith('{') ? JObject.Parse(body) : null,
            authorization.Length == 0 ? null : authorization));

        if (HttpMethods.IsGet(context.Request.Method) && context.Request.Path.Value?.Contains("/members/", StringComparison.Ordinal) == true)
        {
            if (HangMemberLookups)
            {
                await Task.Delay(Timeout.Infinite, stopping.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            }

            if (Member is not null)
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(Member.ToString());
                return;
            }
        }

        if (HangUpdates && HttpMethods.IsPut(context.Request.Method))
        {
            await Task.Delay(Timeout.Infinite, stopping.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }

        if (FailUpdates && HttpMethods.IsPut(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await context.Response.WriteAsJsonAsync(new { error = new { code = "NotFound", message = "Message not found" } });
            return;
        }

        if (FailTargeted && context.Request.Query.ContainsKey("isTargetedActivity"))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsJsonAsync(new { error = new { code = "BadArgument", message = "Targeted messages are not enabled" } });
            return;
        }

        await context.Response.WriteAsJsonAsync(new { id = $"activity-{calls.Count}" });
    }
}
