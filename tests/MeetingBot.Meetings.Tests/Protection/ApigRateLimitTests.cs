using MeetingBot.Meetings.Protection;

namespace MeetingBot.Meetings.Tests.Protection;

public class ApigRateLimitTests
{
    // Values as Huawei documents them (API Gateway response headers; the conferences/start response example).
    [Theory]
    [InlineData("X-APIG-Ratelimit-Api", "remain:99,limit:100,time:1 minute", 99, 100, 60, ApigRateLimitScope.Endpoint)]
    [InlineData("X-APIG-Ratelimit-Api-Allenv", "remain:199,limit:200,time:1 second", 199, 200, 1, ApigRateLimitScope.Endpoint)]
    [InlineData("X-Apig-RateLimit-user", "remain:9,limit:10,time:10 second", 9, 10, 10, ApigRateLimitScope.AllEndpoints)]
    [InlineData("X-Apig-RateLimit-app", "remain:0, limit:10, time:2 minutes", 0, 10, 120, ApigRateLimitScope.AllEndpoints)]
    [InlineData("X-Apig-RateLimit-ip", "remain:0,limit:5,time:1 hour", 0, 5, 3600, ApigRateLimitScope.AllEndpoints)]
    public void Parses_the_documented_format(string header, string value, int remain, int limit, int windowSeconds, ApigRateLimitScope scope)
    {
        Assert.True(ApigRateLimit.TryParse(header, value, out var parsed));
        Assert.Equal(new ApigRateLimit(header, scope, remain, limit, TimeSpan.FromSeconds(windowSeconds)), parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("remain:9,limit:10")]
    [InlineData("remain:-1,limit:10,time:1 second")]
    [InlineData("remain:9,limit:10,time:1 fortnight")]
    [InlineData("remain:9,limit:10,time:0 second")]
    [InlineData("garbage")]
    public void Refuses_anything_else(string? value) =>
        Assert.False(ApigRateLimit.TryParse("X-APIG-Ratelimit-Api", value, out _));
}
