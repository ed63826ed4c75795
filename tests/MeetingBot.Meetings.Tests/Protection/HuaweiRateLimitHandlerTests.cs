using MeetingBot.State.HuaweiPauses;
using MeetingBot.Meetings.Huawei;
using System.Net;
using System.Net.Http.Headers;
using MeetingBot.Meetings.Protection;
using MeetingBot.Meetings.Telemetry;
using MeetingBot.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace MeetingBot.Meetings.Tests.Protection;

public sealed class HuaweiRateLimitHandlerTests : IDisposable
{
    private const string Start = "https://huawei.test/v1/mmc/management/conferences/start";
    private const string Auth = "https://huawei.test/v2/usg/acs/auth/appauth";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero));
    private readonly ProtectionOptions _options = new();
    private readonly ScriptedHuawei _huawei = new();
    private readonly TestMeterFactory _meters = new();
    private readonly HttpClient _client;

    public HuaweiRateLimitHandlerTests()
    {
        var gate = new HuaweiRateLimitGate(new MemoryHuaweiPauses(), Options.Create(_options), _time, NullLogger<HuaweiRateLimitGate>.Instance);
        _client = new HttpClient(new HuaweiRateLimitHandler(gate, new MeetingBotMetrics(_meters)) { InnerHandler = _huawei });
    }

    [Fact]
    public async Task A_429_with_retry_after_holds_further_calls_locally_until_then()
    {
        _huawei.Next = () => TooManyRequests(retryAfterSeconds: 30);
        using var first = await Post(Start);
        _huawei.Next = Ok;

        _time.Advance(TimeSpan.FromSeconds(10));
        using var held = await Post(Start);

        Assert.Equal(HttpStatusCode.TooManyRequests, held.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(20), held.Headers.RetryAfter?.Delta);
        Assert.True(held.Headers.Contains(HuaweiRateLimitHandler.HeldLocallyHeader));
        Assert.Contains(HuaweiErrorCodes.ApiGatewayThrottled, await held.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, _huawei.Calls);

        _time.Advance(TimeSpan.FromSeconds(20));
        using var afterwards = await Post(Start);

        Assert.Equal(HttpStatusCode.OK, afterwards.StatusCode);
        Assert.Equal(2, _huawei.Calls);
    }

    [Fact]
    public async Task A_429_with_a_retry_after_date_is_honoured()
    {
        _huawei.Next = () =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
            response.Headers.RetryAfter = new RetryConditionHeaderValue(_time.GetUtcNow().AddSeconds(45));
            return response;
        };
        using var first = await Post(Start);

        using var held = await Post(Start);

        Assert.Equal(TimeSpan.FromSeconds(45), held.Headers.RetryAfter?.Delta);
        Assert.Equal(1, _huawei.Calls);
    }

    [Fact]
    public async Task A_429_without_retry_after_holds_for_the_configured_default()
    {
        _huawei.Next = () => new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        using var first = await Post(Start);

        using var held = await Post(Start);

        Assert.Equal(_options.HuaweiHoldDefault, held.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task An_exhausted_api_limit_holds_that_endpoint_for_its_window_but_not_the_others()
    {
        _huawei.Next = () => Ok("X-APIG-Ratelimit-Api", "remain:0,limit:100,time:1 minute");
        using var last = await Post(Start);
        _huawei.Next = Ok;

        using var held = await Post(Start);
        using var otherEndpoint = await Post(Auth);

        Assert.Equal(HttpStatusCode.OK, last.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, held.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(1), held.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, otherEndpoint.StatusCode);
        Assert.Equal(2, _huawei.Calls);
    }

    [Fact]
    public async Task An_exhausted_app_limit_holds_every_endpoint()
    {
        _huawei.Next = () => Ok("X-Apig-RateLimit-App", "remain:0,limit:10,time:10 second");
        using var last = await Post(Start);

        using var held = await Post(Auth);

        Assert.Equal(HttpStatusCode.TooManyRequests, held.StatusCode);
        Assert.Equal(1, _huawei.Calls);
    }

    [Fact]
    public async Task Remaining_calls_let_requests_through()
    {
        _huawei.Next = () => Ok("X-APIG-Ratelimit-Api", "remain:1,limit:100,time:1 minute");

        for (var i = 0; i < 3; i++)
        {
            using var response = await Post(Start);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(3, _huawei.Calls);
    }

    [Fact]
    public async Task A_429_that_says_retry_after_5_s_holds_5_s_even_when_the_same_answer_shows_an_exhausted_one_minute_window()
    {
        _huawei.Next = () =>
        {
            var response = TooManyRequests(retryAfterSeconds: 5);
            response.Headers.Add("X-APIG-Ratelimit-Api", "remain:0,limit:100,time:1 minute");
            return response;
        };
        using var throttled = await Post(Start);
        _huawei.Next = Ok;

        using var held = await Post(Start);
        _time.Advance(TimeSpan.FromSeconds(5));
        using var afterwards = await Post(Start);

        Assert.Equal(TimeSpan.FromSeconds(5), held.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, afterwards.StatusCode);
        Assert.Equal(2, _huawei.Calls);
    }

    [Fact]
    public async Task A_429_without_retry_after_holds_for_the_exhausted_gateway_window_it_shows()
    {
        _huawei.Next = () =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
            response.Headers.Add("X-APIG-Ratelimit-Api", "remain:0,limit:100,time:1 minute");
            return response;
        };
        using var throttled = await Post(Start);
        _huawei.Next = Ok;

        _time.Advance(_options.HuaweiHoldDefault);
        using var held = await Post(Start);
        _time.Advance(TimeSpan.FromMinutes(1) - _options.HuaweiHoldDefault);
        using var afterwards = await Post(Start);

        Assert.Equal(HttpStatusCode.TooManyRequests, held.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(1) - _options.HuaweiHoldDefault, held.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, afterwards.StatusCode);
    }

    [Fact]
    public async Task An_absurd_retry_after_is_capped()
    {
        _huawei.Next = () => TooManyRequests(retryAfterSeconds: 86_400);
        using var first = await Post(Start);

        using var held = await Post(Start);

        Assert.Equal(_options.HuaweiHoldMax, held.Headers.RetryAfter?.Delta);
    }

    public void Dispose()
    {
        _client.Dispose();
        _meters.Dispose();
    }

    private Task<HttpResponseMessage> Post(string url) => _client.PostAsync(new Uri(url), new StringContent("{}"));

    private static HttpResponseMessage Ok() => new(HttpStatusCode.OK);

    private static HttpResponseMessage Ok(string header, string value)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK);
        response.Headers.Add(header, value);
        return response;
    }

    private static HttpResponseMessage TooManyRequests(int retryAfterSeconds)
    {
        var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(retryAfterSeconds));
        return response;
    }

    /// <summary>Stands in for the network: answers with whatever the test scripted and counts the calls.</summary>
    private sealed class ScriptedHuawei : HttpMessageHandler
    {
        public Func<HttpResponseMessage> Next { get; set; } = Ok;

        public int Calls { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls++;
            return Task.FromResult(Next());
        }
    }
}
