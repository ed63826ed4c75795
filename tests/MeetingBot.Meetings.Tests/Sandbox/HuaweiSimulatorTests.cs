using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using MeetingBot.Meetings.Huawei;
using MeetingBot.Sandbox;
using MeetingBot.Testing;
using Microsoft.Extensions.Time.Testing;

namespace MeetingBot.Meetings.Tests.Sandbox;

/// <summary>The simulator checks what Huawei checks; requests here are built by hand, not by the client under test.</summary>
public sealed class HuaweiSimulatorTests : IAsyncLifetime
{
    private const string ValidNonce = "0123456789abcdef0123456789abcdef01234567";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 7, 0, 0, TimeSpan.Zero));
    private HuaweiSimulator _simulator = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _simulator = new HuaweiSimulator(new HuaweiSimulatorOptions { AppId = "sim-app", AppKey = "sim-key", ServiceProviderAppId = "sp-app", ServiceProviderAppKey = "sp-key" }, _time);
        await _simulator.StartAsync();
        _http = new HttpClient { BaseAddress = _simulator.BaseUrl };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _simulator.DisposeAsync();
    }

    private long InFiveMinutes => _time.GetUtcNow().AddMinutes(5).ToUnixTimeSeconds();

    private Task<HttpResponseMessage> AuthenticateAsync(
        string userId = "user-1", string nonce = ValidNonce, long? expireTime = null, string appKey = "sim-key",
        bool longTicket = true, Action<JsonObject>? body = null)
    {
        var expire = expireTime ?? InFiveMinutes;
        var json = new JsonObject { ["appId"] = "sim-app", ["clientType"] = 72, ["userId"] = userId, ["expireTime"] = expire, ["nonce"] = nonce };
        body?.Invoke(json);
        var request = new HttpRequestMessage(HttpMethod.Post, HuaweiSimulator.AppAuthPath) { Content = JsonContent.Create(json) };
        var signature = AppAuthSignature.Compute("sim-app", userId, expire, nonce, appKey);
        request.Headers.TryAddWithoutValidation("Authorization", $"HMAC-SHA256 signature={signature},access=c2ltLWFwcA==");
        if (longTicket)
        {
            request.Headers.Add("X-Token-Type", "LongTicket");
        }

        return _http.SendAsync(request);
    }

    private async Task<string> TokenAsync()
    {
        using var response = await AuthenticateAsync();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    private Task<HttpResponseMessage> StartAsync(string? token, string conferenceId = "986030665", string password = "123456")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, HuaweiSimulator.StartConferencePath)
        {
            Content = JsonContent.Create(new { conferenceID = conferenceId, password }),
        };
        if (token is not null)
        {
            request.Headers.Add("X-Access-Token", token);
        }

        return _http.SendAsync(request);
    }

    private static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string errorCode)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(errorCode, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error_code").GetString());
        Assert.Single(response.Headers.GetValues("X-Request-Id"));
    }

    [Fact]
    public void It_listens_on_loopback_on_a_free_port()
    {
        Assert.Equal("127.0.0.1", _simulator.BaseUrl.Host);
        Assert.NotEqual(0, _simulator.BaseUrl.Port);
        Assert.True(_simulator.IsRunning);
    }

    [Fact]
    public async Task A_correctly_signed_request_gets_an_expiring_token()
    {
        using var response = await AuthenticateAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("sbx", body.GetProperty("accessToken").GetString(), StringComparison.Ordinal);
        Assert.Equal(3600, body.GetProperty("validPeriod").GetInt64());
        Assert.Equal(_time.GetUtcNow().AddHours(1).ToUnixTimeMilliseconds(), body.GetProperty("expireTime").GetInt64());
        Assert.Matches("^[0-9a-f]{32}$", Assert.Single(response.Headers.GetValues("X-Request-Id")));
    }

    [Theory]
    [InlineData(31)]
    [InlineData(65)]
    public async Task A_nonce_outside_32_to_64_characters_is_refused(int length)
    {
        using var response = await AuthenticateAsync(nonce: new string('a', length));

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, SimulatorErrorCodes.BadRequest);
    }

    [Theory]
    [InlineData(32)]
    [InlineData(64)]
    public async Task A_nonce_of_32_or_64_characters_is_accepted(int length)
    {
        using var response = await AuthenticateAsync(nonce: new string('a', length));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task An_expire_time_in_the_past_is_refused()
    {
        using var response = await AuthenticateAsync(expireTime: _time.GetUtcNow().AddSeconds(-1).ToUnixTimeSeconds());

        await AssertErrorAsync(response, HttpStatusCode.Unauthorized, SimulatorErrorCodes.AppIdVerificationFailed);
    }

    [Fact]
    public async Task A_signature_made_with_another_key_is_refused()
    {
        using var response = await AuthenticateAsync(appKey: "other-key");

        await AssertErrorAsync(response, HttpStatusCode.Unauthorized, SimulatorErrorCodes.AppIdVerificationFailed);
    }

    [Fact]
    public async Task A_request_without_the_long_ticket_token_type_is_refused()
    {
        using var response = await AuthenticateAsync(longTicket: false);

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, SimulatorErrorCodes.BadRequest);
    }

    [Fact]
    public async Task A_corp_id_or_an_empty_user_id_is_refused()
    {
        using var withCorpId = await AuthenticateAsync(body: json => json["corpId"] = "corp");
        using var asAdministrator = await AuthenticateAsync(userId: string.Empty);

        await AssertErrorAsync(withCorpId, HttpStatusCode.BadRequest, SimulatorErrorCodes.BadRequest);
        await AssertErrorAsync(asAdministrator, HttpStatusCode.BadRequest, SimulatorErrorCodes.BadRequest);
    }

    [Fact]
    public async Task The_seeded_meetings_answer_as_huawei_does()
    {
        var token = await TokenAsync();

        using var started = await StartAsync(token);
        using var wrongPassword = await StartAsync(token, password: "000000");
        using var missing = await StartAsync(token, conferenceId: "111111111");
        using var forbidden = await StartAsync(token, conferenceId: HuaweiSimulatorOptions.NotPermittedMeetingId);

        Assert.Equal("100.94.23.40", (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("regionIP").GetString());
        await AssertErrorAsync(wrongPassword, HttpStatusCode.BadRequest, "MMC.111072065");
        await AssertErrorAsync(missing, HttpStatusCode.BadRequest, "MMC.111070005");
        await AssertErrorAsync(forbidden, HttpStatusCode.Forbidden, "MMC.111070002");
    }

    [Fact]
    public async Task A_missing_or_expired_token_is_refused_with_401()
    {
        var token = await TokenAsync();

        using var withoutToken = await StartAsync(null);
        _time.Advance(TimeSpan.FromHours(1));
        using var expired = await StartAsync(token);

        await AssertErrorAsync(withoutToken, HttpStatusCode.Unauthorized, SimulatorErrorCodes.TokenExpired);
        await AssertErrorAsync(expired, HttpStatusCode.Unauthorized, SimulatorErrorCodes.TokenExpired);
    }

    [Fact]
    public async Task Forced_answers_apply_to_the_next_requests_only_and_carry_their_headers()
    {
        var token = await TokenAsync();
        _simulator.ForceNext(SimulatorEndpoint.StartConference, SimulatedAnswer.RateLimited(TimeSpan.FromSeconds(7)), times: 2);

        using var first = await StartAsync(token);
        using var second = await StartAsync(token);
        using var third = await StartAsync(token);

        await AssertErrorAsync(first, HttpStatusCode.TooManyRequests, "APIG.0308");
        Assert.Equal(TimeSpan.FromSeconds(7), first.Headers.RetryAfter!.Delta);
        Assert.Equal("remain:0,limit:10,time:1 minute", Assert.Single(first.Headers.GetValues("X-APIG-Ratelimit-Api")));
        await AssertErrorAsync(second, HttpStatusCode.TooManyRequests, "APIG.0308");
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.Equal(3, _simulator.StartRequests);
        Assert.Equal(1, _simulator.AuthRequests);
    }

    [Fact]
    public async Task The_request_log_keeps_no_secret_and_counters_reset()
    {
        var token = await TokenAsync();
        using var _ = await StartAsync(token, password: "S3cret-Pass");

        Assert.Equal(2, _simulator.Requests.Count);
        Assert.All(_simulator.Requests, r =>
        {
            Assert.DoesNotContain("S3cret-Pass", r.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(token, r.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("sim-key", r.ToString(), StringComparison.Ordinal);
        });
        Assert.Equal(("user-1", "986030665", "MMC.111072065"), (_simulator.Requests[1].UserId, _simulator.Requests[1].ConferenceId, _simulator.Requests[1].ErrorCode));

        _simulator.ResetCounters();

        Assert.Equal((0, 0, 0), (_simulator.AuthRequests, _simulator.StartRequests, _simulator.Requests.Count));
    }

    [Fact]
    public async Task Stopping_ends_a_slow_answer_in_progress()
    {
        _simulator.Options.SlowMeetingDelay = TimeSpan.FromMinutes(10);
        var token = await TokenAsync();

        var slow = StartAsync(token, conferenceId: HuaweiSimulatorOptions.SlowMeetingId);
        await Poll.UntilAsync(() => _simulator.StartRequests > 0, TimeSpan.FromSeconds(30), "the slow start to arrive");

        await _simulator.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(_simulator.IsRunning);
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            using var response = await slow;
            response.EnsureSuccessStatusCode();
            _ = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("regionIP");
        });
    }

    private async Task<HttpStatusCode> ServiceProviderSignInAsync(string? corpId, string? signedCorpId, Action<JsonObject>? body = null)
    {
        var expire = _time.GetUtcNow().AddMinutes(5).ToUnixTimeSeconds();
        var json = new JsonObject { ["appId"] = "sp-app", ["clientType"] = 72, ["userId"] = "user-1", ["expireTime"] = expire, ["nonce"] = ValidNonce };
        if (corpId is not null)
        {
            json["corpId"] = corpId;
        }

        body?.Invoke(json);
        using var request = new HttpRequestMessage(HttpMethod.Post, HuaweiSimulator.AppAuthPath) { Content = JsonContent.Create(json) };
        var signature = AppAuthSignature.Compute("sp-app", signedCorpId, "user-1", expire, ValidNonce, "sp-key");
        request.Headers.TryAddWithoutValidation("Authorization", $"HMAC-SHA256 {AppAuthSignature.AuthorizationParameter("sp-app", signature)}");
        request.Headers.Add("X-Token-Type", "LongTicket");
        using var response = await _http.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task Service_provider_app_is_seeded_with_two_enterprises_and_accepts_its_signature()
    {
        Assert.Equal([HuaweiSimulatorOptions.ContosoCorpId, HuaweiSimulatorOptions.FabrikamCorpId], _simulator.Options.Enterprises);

        var status = await ServiceProviderSignInAsync(HuaweiSimulatorOptions.FabrikamCorpId, HuaweiSimulatorOptions.FabrikamCorpId,
            body => body["userName"] = "Alice Example");

        Assert.Equal(HttpStatusCode.OK, status);
        var account = Assert.Single(_simulator.Accounts);
        Assert.Equal(("sp-app", HuaweiSimulatorOptions.FabrikamCorpId, "user-1", "Alice Example"), (account.AppId, account.CorpId, account.UserId, account.UserName));
    }

    [Fact]
    public async Task Service_provider_signature_without_the_corp_id_is_refused() =>
        Assert.Equal(HttpStatusCode.Unauthorized, await ServiceProviderSignInAsync(HuaweiSimulatorOptions.ContosoCorpId, signedCorpId: null));

    [Fact]
    public async Task Service_provider_signature_for_another_enterprise_is_refused() =>
        Assert.Equal(HttpStatusCode.Unauthorized, await ServiceProviderSignInAsync(HuaweiSimulatorOptions.ContosoCorpId, HuaweiSimulatorOptions.FabrikamCorpId));

    [Theory]
    [InlineData(null)]
    [InlineData("corp-not-seeded")]
    public async Task Service_provider_sign_in_with_a_missing_or_unknown_corp_id_is_refused(string? corpId)
    {
        Assert.Equal(HttpStatusCode.BadRequest, await ServiceProviderSignInAsync(corpId, corpId));
        Assert.Empty(_simulator.Accounts);
    }
}
