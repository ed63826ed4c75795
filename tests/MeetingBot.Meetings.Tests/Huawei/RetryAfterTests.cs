using System.Net;
using System.Net.Http.Headers;
using MeetingBot.Meetings.Huawei;

namespace MeetingBot.Meetings.Tests.Huawei;

public class RetryAfterTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 7, 0, 0, TimeSpan.Zero);

    private static HttpResponseHeaders Headers(params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response.Headers;
    }

    [Fact]
    public void Retry_after_seconds_wins() =>
        Assert.Equal(TimeSpan.FromSeconds(30), RetryAfter.FromHeaders(Headers(("Retry-After", "30"), ("X-APIG-Ratelimit-Api", "remain:0,limit:10,time:1 minute")), Now));

    [Fact]
    public void Retry_after_date_is_measured_from_now() =>
        Assert.Equal(TimeSpan.FromSeconds(90), RetryAfter.FromHeaders(Headers(("Retry-After", Now.AddSeconds(90).ToString("R"))), Now));

    [Fact]
    public void Exhausted_api_gateway_limits_give_the_longest_window() =>
        Assert.Equal(TimeSpan.FromHours(1), RetryAfter.FromHeaders(Headers(
            ("X-APIG-Ratelimit-Api", "remain:0,limit:10,time:1 minute"),
            ("X-APIG-Ratelimit-User", "remain:0,limit:1000,time:1 hour"),
            ("X-APIG-Ratelimit-Api-Allenv", "remain:5,limit:100,time:1 day")), Now));

    [Fact]
    public void No_headers_mean_no_known_wait() => Assert.Null(RetryAfter.FromHeaders(Headers(), Now));

    [Theory]
    [InlineData("remain:0,limit:10,time:1 second", 1)]
    [InlineData("remain:0,limit:10,time:2 minutes", 120)]
    [InlineData("remain: 0 , limit:10 , time: 1 minute", 60)]
    public void FromApigRateLimit_reads_the_window_when_nothing_remains(string value, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), RetryAfter.FromApigRateLimit(value));

    [Theory]
    [InlineData("remain:3,limit:10,time:1 minute")]
    [InlineData("limit:10,time:1 minute")]
    [InlineData("remain:0,limit:10,time:1 fortnight")]
    [InlineData("garbage")]
    [InlineData("")]
    public void FromApigRateLimit_gives_nothing_when_there_is_nothing_to_wait_for_or_to_read(string value) =>
        Assert.Null(RetryAfter.FromApigRateLimit(value));
}
