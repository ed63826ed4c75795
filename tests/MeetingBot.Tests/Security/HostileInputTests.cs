using System.Net;
using System.Text;
using MeetingBot.Testing;
using MeetingBot.Tests.Infrastructure;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging;

namespace MeetingBot.Tests.Security;

/// <summary>What <c>/api/messages</c> does with bodies that are too big, not JSON, not activities, or of types the bot does not answer.</summary>
public class HostileInputTests(KestrelTurnCountingHost fixture) : IClassFixture<KestrelTurnCountingHost>
{
    private MeetingBotApplication Host => fixture;

    [Fact]
    public async Task A_body_over_256_KB_is_refused_with_413()
    {
        using var response = await Post(Message(new string('x', 300 * 1024)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.True(response.Headers.ConnectionClose, "the unread body leaves the connection closing: the client must not send its next request on it");
    }

    [Fact]
    public async Task A_chunked_body_over_256_KB_without_content_length_is_refused_with_413()
    {
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(Message(new string('x', 300 * 1024)))));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await Host.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task A_body_just_under_the_limit_is_processed()
    {
        var turnsBefore = fixture.Turns.Count;

        using var response = await Post(Message(new string('x', 250 * 1024)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(turnsBefore + 1, fixture.Turns.Count);
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("\"message\"")]
    [InlineData("""{"type": 5}""")]
    [InlineData("""{"text": "activate"}""")]
    [InlineData("""{"type": "   "}""")]
    public async Task A_body_that_is_not_a_json_activity_is_refused_with_400_and_runs_no_turn(string body)
    {
        var turnsBefore = fixture.Turns.Count;

        using var response = await Post(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(turnsBefore, fixture.Turns.Count);
    }

    [Theory]
    [InlineData("conversation")]
    [InlineData("from")]
    [InlineData("recipient")]
    [InlineData("channelId")]
    [InlineData("serviceUrl")]
    public async Task An_activity_without_a_field_every_activity_carries_is_refused_with_400(string field)
    {
        var activity = Host.Conversation(ActivityFixtures.WebChat).NewActivity();
        activity["text"] = "help";
        activity.Remove(field);

        using var response = await Post(activity.ToString());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("messageReaction")]
    [InlineData("event")]
    [InlineData("typing")]
    [InlineData("endOfConversation")]
    [InlineData("somethingNew")]
    public async Task Activity_types_the_bot_does_not_answer_are_ignored_politely(string type)
    {
        var chat = Host.Conversation(ActivityFixtures.TeamsPersonal);

        var replies = await chat.SendAsync(chat.NewActivity(type));

        Assert.Empty(replies);
        Assert.DoesNotContain(Host.Logs.GetSnapshot(), r => r.Level >= LogLevel.Error);
    }

    private string Message(string text)
    {
        var activity = Host.Conversation(ActivityFixtures.WebChat).NewActivity(ActivityTypes.Message);
        activity["text"] = text;
        activity["deliveryMode"] = DeliveryModes.ExpectReplies;
        return activity.ToString(Newtonsoft.Json.Formatting.None);
    }

    private Task<HttpResponseMessage> Post(string body) =>
        Host.Http.PostAsync(new Uri("/api/messages", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));
}
