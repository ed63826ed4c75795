using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MeetingBot.Tests.Slack;

/// <summary>Stands in for hooks.slack.com: a loopback Kestrel listener that records every delayed reply posted to it.</summary>
public sealed class ResponseUrlListener : IAsyncDisposable
{
    private readonly Channel<ReceivedPost> _posts = Channel.CreateUnbounded<ReceivedPost>();
    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;

    public sealed record ReceivedPost(string Path, string? ContentType, string Body);

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/{**path}", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            await _posts.Writer.WriteAsync(new ReceivedPost(context.Request.Path, context.Request.ContentType, body));
            return Results.Ok();
        });
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Urls.First());
    }

    /// <summary>A fresh response_url in Slack's path shape, so each test can recognise its own reply.</summary>
    public Uri NewResponseUrl() => new(BaseAddress, $"/commands/T0TEAM0001/{Guid.NewGuid():N}/hook");

    public async Task<ReceivedPost> NextPostAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        return await _posts.Reader.ReadAsync(cancel.Token);
    }

    public bool TryTakePost(out ReceivedPost? post) => _posts.Reader.TryRead(out post);

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
