using System.Net;
using System.Text;
using MeetingBot.Hosting;
using MeetingBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json;

namespace MeetingBot.Tests.Security;

/// <summary>
/// The activity endpoint's size limit and shape check are the endpoint's own (metadata and filter), not a middleware
/// matching the path: mapped at another route, the guard comes along.
/// </summary>
public sealed class GuardFollowsTheRouteTests : IAsyncLifetime
{
    private const string RenamedRoute = "/bots/v2/messages";

    private WebApplication app = null!;
    private HttpClient http = null!;

    public async Task InitializeAsync()
    {
        app = MeetingBotApp.Build(["--urls", "http://127.0.0.1:0", "--environment", "Development"], builder => builder.Logging.ClearProviders());
        app.MapBot(RenamedRoute);
        await app.StartAsync();
        http = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(60) };
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }

    [Fact]
    public async Task An_oversized_body_is_refused_with_413_at_the_renamed_route()
    {
        var activity = ActivityFixtures.Load(ActivityFixtures.Emulator);
        activity["text"] = new string('x', 300 * 1024);

        using var response = await PostAsync(activity.ToString(Formatting.None));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("""{"text": "activate"}""")]
    public async Task A_body_that_is_not_an_activity_is_refused_with_400_at_the_renamed_route(string body)
    {
        using var response = await PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_real_activity_is_served_at_the_renamed_route()
    {
        var activity = ActivityFixtures.Load(ActivityFixtures.Emulator);
        activity["text"] = "help";
        activity["deliveryMode"] = "expectReplies";

        using var response = await PostAsync(activity.ToString(Formatting.None));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("activities", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private Task<HttpResponseMessage> PostAsync(string body) =>
        http.PostAsync(RenamedRoute, new StringContent(body, Encoding.UTF8, "application/json"));
}
