using System.Net;
using System.Text;

namespace MeetingBot.Meetings.Tests.Support;

/// <summary>Answers every request with a fixed response and keeps what was sent (headers and body), for request-shape tests.</summary>
internal sealed class CapturingHandler(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
{
    public List<(HttpRequestMessage Request, string Body)> Sent { get; } = [];

    public static CapturingHandler Json(HttpStatusCode status, string json) =>
        new(_ => new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") });

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        Sent.Add((request, body));
        return answer(request);
    }
}
