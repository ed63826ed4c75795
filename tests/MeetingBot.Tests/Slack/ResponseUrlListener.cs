using System.Collections.Concurrent;
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
    private readonly ConcurrentDictionary<string, Channel<ReceivedPost>> _postsByPath = new(StringComparer.Ordinal);
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
            var post = new ReceivedPost(context.Request.Path, context.Request.ContentType, body);
            await _posts.Writer.WriteAsync(post);
            await PostsTo(post.Path).Writer.WriteAsync(post);
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

    /// <summary>The next post to <paramref name="responseUrl"/> (in the order they came), leaving posts to other URLs for their readers.</summary>
    public async Task<ReceivedPost> NextPostToAsync(Uri responseUrl, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        return await PostsTo(responseUrl.AbsolutePath).Reader.ReadAsync(cancel.Token);
    }

    public bool TryTakePostTo(Uri responseUrl, out ReceivedPost? post) => PostsTo(responseUrl.AbsolutePath).Reader.TryRead(out post);

    private Channel<ReceivedPost> PostsTo(string path) => _postsByPath.GetOrAdd(path, _ => Channel.CreateUnbounded<ReceivedPost>());

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
