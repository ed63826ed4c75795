using System.Net;
using System.Text;
using MeetingBot.Hosting;
using Microsoft.AspNetCore.Builder;

namespace MeetingBot.Tests.Security;

public sealed class ActivityRequestGuardTests : IAsyncLifetime
{
    private WebApplication? _app;
    private HttpClient? _http;

    public async Task InitializeAsync()
    {
        _app = MeetingBotApp.Build(["--urls", "http://127.0.0.1:0", "--environment", "Development"]);
        await _app.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(_app.Urls.First()), Timeout = TimeSpan.FromSeconds(60) };
    }

    [Fact]
    public async Task A_body_over_256_KB_is_refused_with_413()
    {
        using var response = await Post(Json(new string('x', 300 * 1024)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task A_chunked_body_over_256_KB_without_content_length_is_refused_with_413()
    {
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(Json(new string('x', 300 * 1024)))));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await _http!.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("\"message\"")]
    [InlineData("{\"type\": 5}")]
    [InlineData("{\"text\": \"activate\"}")]
    [InlineData("{\"type\": \"   \"}")]
    public async Task A_body_that_is_not_a_json_activity_is_refused_with_400(string body)
    {
        using var response = await Post(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private static string Json(string text) =>
        $$"""{"type":"message","text":"{{text}}","from":{"id":"u"},"conversation":{"id":"c"},"channelId":"emulator","serviceUrl":"http://127.0.0.1:1"}""";

    private Task<HttpResponseMessage> Post(string body) =>
        _http!.PostAsync(new Uri("/api/messages", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));
}
