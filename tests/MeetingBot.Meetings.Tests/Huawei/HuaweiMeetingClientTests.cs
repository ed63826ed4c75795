using System.Net;
using System.Text;
using System.Text.Json;
using MeetingBot.Meetings.Huawei;
using MeetingBot.Meetings.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace MeetingBot.Meetings.Tests.Huawei;

public class HuaweiMeetingClientTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 7, 0, 0, TimeSpan.Zero);

    private static HuaweiSignIn SignIn(string userId, string? corpId = null, string? userName = null, string? userEmail = null) =>
        new(new HuaweiEnterprise("app-4f2a91", "k3y-Fixture-Not-A-Secret", corpId), userId, userName, userEmail);

    // The resilience pipeline waits on the registered TimeProvider: only tests without retries may fake the clock.
    private static (IHuaweiMeetingApi Api, CapturingHandler Handler) Client(CapturingHandler handler, int maxRetries = 2, bool fakeClock = false)
    {
        var services = Support.Services.Registered(
            new Dictionary<string, string?>
            {
                ["HuaweiMeeting:BaseUrl"] = "https://huawei.test",
                ["HuaweiMeeting:AppId"] = "app-4f2a91",
                ["HuaweiMeeting:AppKey"] = "k3y-Fixture-Not-A-Secret",
                ["HuaweiMeeting:MaxRetries"] = maxRetries.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["HuaweiMeeting:RetryBaseDelay"] = "00:00:00.010",
            },
            client => client.ConfigurePrimaryHttpMessageHandler(() => handler));
        if (fakeClock)
        {
            services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
        }

        return (services.BuildServiceProvider().GetRequiredService<IHuaweiMeetingApi>(), handler);
    }

    [Fact]
    public async Task AuthenticateAsync_sends_the_documented_app_id_request()
    {
        var (api, handler) = Client(CapturingHandler.Json(HttpStatusCode.OK, """{"accessToken":"t","validPeriod":3600}"""), fakeClock: true);

        await api.AuthenticateAsync(SignIn("aad-user"), CancellationToken.None);

        var (request, body) = Assert.Single(handler.Sent);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal(new Uri("https://huawei.test/v2/usg/acs/auth/appauth"), request.RequestUri);
        Assert.Equal("LongTicket", Assert.Single(request.Headers.GetValues("X-Token-Type")));
        Assert.False(string.IsNullOrEmpty(Assert.Single(request.Headers.GetValues("X-Request-ID"))));
        Assert.Equal("application/json", request.Content!.Headers.ContentType!.MediaType);

        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        Assert.Equal("app-4f2a91", root.GetProperty("appId").GetString());
        Assert.Equal(72, root.GetProperty("clientType").GetInt32());
        Assert.Equal("aad-user", root.GetProperty("userId").GetString());
        Assert.False(root.TryGetProperty("corpId", out _));
        var expireTime = root.GetProperty("expireTime").GetInt64();
        Assert.Equal(Now.AddMinutes(5).ToUnixTimeSeconds(), expireTime);
        var nonce = root.GetProperty("nonce").GetString()!;
        Assert.InRange(nonce.Length, 32, 64);

        Assert.Equal("HMAC-SHA256", request.Headers.Authorization!.Scheme);
        var expectedSignature = AppAuthSignature.Compute("app-4f2a91", "aad-user", expireTime, nonce, "k3y-Fixture-Not-A-Secret");
        Assert.Equal($"signature={expectedSignature},access=YXBwLTRmMmE5MQ==", request.Headers.Authorization.Parameter);
    }

    [Fact]
    public async Task AuthenticateAsync_in_service_provider_mode_sends_the_corp_id_and_signs_it()
    {
        var (api, handler) = Client(CapturingHandler.Json(HttpStatusCode.OK, """{"accessToken":"t","validPeriod":3600}"""), fakeClock: true);

        await api.AuthenticateAsync(SignIn("aad-user", corpId: "corp-contoso-001"), CancellationToken.None);

        var (request, body) = Assert.Single(handler.Sent);
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        Assert.Equal("corp-contoso-001", root.GetProperty("corpId").GetString());
        Assert.Equal("aad-user", root.GetProperty("userId").GetString());
        var expireTime = root.GetProperty("expireTime").GetInt64();
        var nonce = root.GetProperty("nonce").GetString()!;
        var expected = AppAuthSignature.Compute("app-4f2a91", "corp-contoso-001", "aad-user", expireTime, nonce, "k3y-Fixture-Not-A-Secret");
        Assert.Equal($"signature={expected},access=YXBwLTRmMmE5MQ==", request.Headers.Authorization!.Parameter);
        Assert.NotEqual(AppAuthSignature.Compute("app-4f2a91", "aad-user", expireTime, nonce, "k3y-Fixture-Not-A-Secret"), expected);
    }

    [Fact]
    public async Task AuthenticateAsync_sends_the_profile_it_is_given_and_leaves_out_what_it_is_not()
    {
        var (api, handler) = Client(CapturingHandler.Json(HttpStatusCode.OK, """{"accessToken":"t","validPeriod":3600}"""));

        await api.AuthenticateAsync(SignIn("u1", userName: "Alice Example", userEmail: "alice@contoso.example"), CancellationToken.None);
        await api.AuthenticateAsync(SignIn("u2"), CancellationToken.None);

        using var withProfile = JsonDocument.Parse(handler.Sent[0].Body);
        Assert.Equal("Alice Example", withProfile.RootElement.GetProperty("userName").GetString());
        Assert.Equal("alice@contoso.example", withProfile.RootElement.GetProperty("userEmail").GetString());
        Assert.False(withProfile.RootElement.TryGetProperty("corpId", out _));
        using var bare = JsonDocument.Parse(handler.Sent[1].Body);
        Assert.Equal(["appId", "clientType", "expireTime", "nonce", "userId"], bare.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AuthenticateAsync_uses_a_fresh_nonce_for_every_request()
    {
        var (api, handler) = Client(CapturingHandler.Json(HttpStatusCode.OK, """{"accessToken":"t","validPeriod":3600}"""));

        await api.AuthenticateAsync(SignIn("u"), CancellationToken.None);
        await api.AuthenticateAsync(SignIn("u"), CancellationToken.None);

        var nonces = handler.Sent.Select(s => JsonDocument.Parse(s.Body).RootElement.GetProperty("nonce").GetString()).ToList();
        Assert.Equal(2, nonces.Distinct().Count());
    }

    [Fact]
    public async Task AuthenticateAsync_reads_token_valid_period_and_expire_time()
    {
        var (api, _) = Client(CapturingHandler.Json(HttpStatusCode.OK, """{"accessToken":"tok","validPeriod":86400,"expireTime":1764230400000,"user":{}}"""));

        var result = await api.AuthenticateAsync(SignIn("u"), CancellationToken.None);

        Assert.Null(result.Failure);
        Assert.Equal(new AppAuthResponse("tok", 86400, 1764230400000), result.Value);
    }

    [Fact]
    public async Task StartConferenceAsync_sends_the_token_header_and_the_meeting()
    {
        var (api, handler) = Client(CapturingHandler.Json(HttpStatusCode.OK, """{"regionIP":"100.94.23.40","uuid":"ignored"}"""));

        var result = await api.StartConferenceAsync("the-token", "986030665", "123456", CancellationToken.None);

        Assert.Equal("100.94.23.40", result.Value!.RegionIp);
        var (request, body) = Assert.Single(handler.Sent);
        Assert.Equal(new Uri("https://huawei.test/v1/mmc/management/conferences/start"), request.RequestUri);
        Assert.Equal("the-token", Assert.Single(request.Headers.GetValues("X-Access-Token")));
        Assert.Equal("""{"conferenceID":"986030665","password":"123456"}""", body);
    }

    [Fact]
    public async Task An_error_answer_keeps_huawei_code_and_request_id()
    {
        var handler = new CapturingHandler(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.BadRequest)
            {
                Content = new StringContent("""{"error_code":"MMC.111072065","error_msg":"CONF_NOT_FOUND_OR_AUTH_FAILED"}""", Encoding.UTF8, "application/json"),
            };
            response.Headers.Add("X-Request-Id", "huawei-req-1");
            return response;
        });
        var (api, _) = Client(handler);

        var result = await api.StartConferenceAsync("t", "986030665", "bad", CancellationToken.None);

        Assert.Equal(new HuaweiFailure(HuaweiFailureKind.HttpError, 400, "MMC.111072065", "huawei-req-1"), result.Failure);
    }

    [Fact]
    public async Task A_non_json_error_page_still_gives_a_failure_with_the_status()
    {
        var handler = new CapturingHandler(_ => new HttpResponseMessage(HttpStatusCode.BadGateway)
        {
            Content = new StringContent("<html>bad gateway</html>", Encoding.UTF8, "text/html"),
        });
        var (api, _) = Client(handler, maxRetries: 0);

        var result = await api.StartConferenceAsync("t", "986030665", "123456", CancellationToken.None);

        Assert.Equal(HuaweiFailureKind.HttpError, result.Failure!.Kind);
        Assert.Equal(502, result.Failure.StatusCode);
        Assert.Null(result.Failure.ErrorCode);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadGateway, 3)]
    [InlineData(HttpStatusCode.ServiceUnavailable, 3)]
    [InlineData(HttpStatusCode.GatewayTimeout, 3)]
    [InlineData(HttpStatusCode.InternalServerError, 1)]
    [InlineData(HttpStatusCode.BadRequest, 1)]
    [InlineData(HttpStatusCode.Unauthorized, 1)]
    [InlineData(HttpStatusCode.TooManyRequests, 1)]
    public async Task Only_502_503_504_are_retried(HttpStatusCode status, int expectedAttempts)
    {
        var (api, handler) = Client(CapturingHandler.Json(status, """{"error_code":"X","error_msg":"x"}"""), maxRetries: 2);

        await api.StartConferenceAsync("t", "986030665", "123456", CancellationToken.None);

        Assert.Equal(expectedAttempts, handler.Sent.Count);
    }

    [Fact]
    public async Task Authentication_is_retried_on_503_with_a_fresh_nonce_and_signature_each_time()
    {
        var attempts = 0;
        var handler = new CapturingHandler(_ => Interlocked.Increment(ref attempts) < 3
            ? new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
            : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"accessToken":"t","validPeriod":3600}""", Encoding.UTF8, "application/json") });
        var (api, _) = Client(handler, maxRetries: 2);

        var result = await api.AuthenticateAsync(SignIn("u"), CancellationToken.None);

        Assert.Equal("t", result.Value!.AccessToken);
        Assert.Equal(3, handler.Sent.Count);
        Assert.Equal(3, handler.Sent.Select(s => JsonDocument.Parse(s.Body).RootElement.GetProperty("nonce").GetString()).Distinct().Count());
        Assert.Equal(3, handler.Sent.Select(s => s.Request.Headers.Authorization!.Parameter).Distinct().Count());
    }

    [Fact]
    public async Task Authentication_is_not_retried_on_a_client_error()
    {
        var (api, handler) = Client(CapturingHandler.Json(HttpStatusCode.Unauthorized, """{"error_code":"USG.206010025","error_msg":"x"}"""), maxRetries: 2);

        var result = await api.AuthenticateAsync(SignIn("u"), CancellationToken.None);

        Assert.Equal("USG.206010025", result.Failure!.ErrorCode);
        Assert.Single(handler.Sent);
    }

    [Fact]
    public async Task A_network_failure_is_retried_then_reported_unreachable()
    {
        var handler = new CapturingHandler(_ => throw new HttpRequestException("connection refused"));
        var (api, _) = Client(handler, maxRetries: 2);

        var result = await api.StartConferenceAsync("t", "986030665", "123456", CancellationToken.None);

        Assert.Equal(HuaweiFailureKind.Unreachable, result.Failure!.Kind);
        Assert.Equal(3, handler.Sent.Count);
    }

    /// <summary>Huawei's documented SearchMeetings answer, with passwords and a host link filled in.</summary>
    private const string DocumentedMeetingList = """
        {"offset":0,"limit":20,"count":1,"data":[{"conferenceID":"914083136","mediaTypes":"Data,Video,Voice","subject":"user01的会议",
         "size":1,"timeZoneID":"56","startTime":"2019-12-18 07:28","endTime":"2019-12-18 09:28","conferenceState":"Created",
         "accessNumber":"+991117","language":"zh-CN",
         "passwordEntry":[{"conferenceRole":"chair","password":"Chair-Pw-771"},{"conferenceRole":"general","password":"Guest-Pw-772"}],
         "userUUID":"ff808081699b56cb0169be103500012b","scheduserName":"user8002","multiStreamFlag":1,"conferenceType":0,
         "confType":"IMMEDIATELY","isAutoMute":1,"isAutoRecord":0,
         "chairJoinUri":"https://c.meeting.huaweicloud.com/#/j/914083136/6a30b8b5a325105da031442627828e496f91021ece36405f",
         "guestJoinUri":"https://c.meeting.huaweicloud.com/#/j/914083136/9505dc3349228b1ce0db8165590cc977bcff89785130fe0d",
         "recordType":0,"confConfigInfo":{"prolongLength":15,"isGuestFreePwd":false},"vmrFlag":0,"scheduleVmr":false}]}
        """;

    [Fact]
    public async Task SearchMeetingsAsync_sends_a_get_with_the_token_header_and_the_escaped_query()
    {
        var (api, handler) = Client(CapturingHandler.Json(HttpStatusCode.OK, """{"offset":20,"limit":10,"count":0,"data":[]}"""));

        await api.SearchMeetingsAsync("the-token", new MeetingSearch(20, 10, "Q&A review/1", "AWEEK"), CancellationToken.None);

        var (request, body) = Assert.Single(handler.Sent);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal(
            "https://huawei.test/v1/mmc/management/conferences?offset=20&limit=10&searchKey=Q%26A%20review%2F1&queryConfMode=AWEEK&sortType=ASC_StartTIME",
            request.RequestUri!.AbsoluteUri);
        Assert.Equal("the-token", Assert.Single(request.Headers.GetValues("X-Access-Token")));
        Assert.Equal(string.Empty, body);
    }

    [Fact]
    public async Task SearchMeetingsAsync_leaves_out_what_it_is_not_given()
    {
        var (api, handler) = Client(CapturingHandler.Json(HttpStatusCode.OK, """{"offset":0,"limit":20,"count":0,"data":[]}"""));

        await api.SearchMeetingsAsync("t", new MeetingSearch(SortType: null), CancellationToken.None);

        Assert.Equal("?offset=0&limit=20", Assert.Single(handler.Sent).Request.RequestUri!.Query);
    }

    [Fact]
    public async Task GetMeetingDetailAsync_asks_for_the_conference_id_with_the_token_header()
    {
        var (api, handler) = Client(CapturingHandler.Json(HttpStatusCode.OK, """{"conferenceData":{"conferenceID":"986030671"},"data":{"count":0}}"""));

        var result = await api.GetMeetingDetailAsync("the-token", "986030671", CancellationToken.None);

        var (request, _) = Assert.Single(handler.Sent);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal("https://huawei.test/v1/mmc/management/conferences/confDetail?conferenceID=986030671", request.RequestUri!.AbsoluteUri);
        Assert.Equal("the-token", Assert.Single(request.Headers.GetValues("X-Access-Token")));
        Assert.Equal("986030671", result.Value!.ConferenceData!.ConferenceId);
    }

    [Fact]
    public async Task SearchMeetingsAsync_reads_huaweis_documented_answer()
    {
        var (api, _) = Client(CapturingHandler.Json(HttpStatusCode.OK, DocumentedMeetingList));

        var result = await api.SearchMeetingsAsync("t", new MeetingSearch(), CancellationToken.None);

        var page = result.Value!;
        Assert.Equal((0, 20, 1), (page.Offset, page.Limit, page.Count));
        var meeting = Assert.Single(page.Data!);
        Assert.Equal(("914083136", "user01的会议", "2019-12-18 07:28", "2019-12-18 09:28", "56", "Created"),
            (meeting.ConferenceId, meeting.Subject, meeting.StartTime, meeting.EndTime, meeting.TimeZoneId, meeting.ConferenceState));
        Assert.Equal("Chair-Pw-771", meeting.ChairPassword);
        Assert.Equal(0, meeting.VmrFlag);
        Assert.Null(meeting.VmrConferenceId);
    }

    [Fact]
    public async Task No_password_or_host_link_shows_in_the_answers_text()
    {
        var (api, _) = Client(CapturingHandler.Json(HttpStatusCode.OK, DocumentedMeetingList));

        var result = await api.SearchMeetingsAsync("t", new MeetingSearch(), CancellationToken.None);
        var meeting = result.Value!.Data![0];
        var detail = new MeetingDetailResponse(meeting);

        foreach (var text in new[] { result.ToString(), result.Value.ToString(), meeting.ToString(), detail.ToString(), meeting.PasswordEntry![0].ToString() })
        {
            Assert.DoesNotContain("Chair-Pw-771", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Guest-Pw-772", text, StringComparison.Ordinal);
            Assert.DoesNotContain("6a30b8b5a325105da031442627828e496f91021ece36405f", text, StringComparison.Ordinal);
        }

        Assert.Contains("914083136", meeting.ToString(), StringComparison.Ordinal);
        Assert.Contains("chair, general", meeting.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_list_whose_body_is_not_the_expected_json_is_a_malformed_response()
    {
        var (api, _) = Client(CapturingHandler.Json(HttpStatusCode.OK, """{"data":"not a list"}"""));

        var result = await api.SearchMeetingsAsync("t", new MeetingSearch(), CancellationToken.None);

        Assert.Equal(HuaweiFailureKind.MalformedResponse, result.Failure!.Kind);
    }
}
