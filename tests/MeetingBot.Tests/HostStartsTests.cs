namespace MeetingBot.Tests;

public class HostStartsTests
{
    [Fact]
    public async Task Host_starts_on_loopback_and_answers_liveness()
    {
        await using var app = MeetingBot.Hosting.MeetingBotApp.Build(["--urls", "http://127.0.0.1:0", "--environment", "Development"]);
        await app.StartAsync();
        var address = app.Urls.First();
        using var http = new HttpClient();
        var response = await http.GetAsync(new Uri(new Uri(address), "/health/live"));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        await app.StopAsync();
    }
}
