using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using MeetingBot.Meetings.Huawei;
using MeetingBot.Sandbox;
using MeetingBot.Testing;
using Microsoft.Extensions.Time.Testing;

namespace MeetingBot.Meetings.Tests.Sandbox;

/// <summary>
/// The simulator's SearchMeetings and confDetail answer as Huawei documents them (docs/huawei-meeting-list-api.md);
/// requests here are built by hand, not by the client under test.
/// </summary>
public sealed class HuaweiSimulatorMeetingListTests : IAsyncLifetime
{
    private const string Nonce = "0123456789abcdef0123456789abcdef01234567";
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 7, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);
    private HuaweiSimulator _simulator = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _simulator = new HuaweiSimulator(new HuaweiSimulatorOptions { AppId = "sim-app", AppKey = "sim-key" }, _time);
        await _simulator.StartAsync();
        _http = new HttpClient { BaseAddress = _simulator.BaseUrl };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _simulator.DisposeAsync();
    }

    private SimulatedScheduledMeeting Seeded(string conferenceId) =>
        _simulator.Options.ScheduledMeetings.Single(m => m.ConferenceId == conferenceId);

    private async Task<string> TokenAsync(string userId = "user-1")
    {
        var expire = _time.GetUtcNow().AddMinutes(5).ToUnixTimeSeconds();
        var json = new JsonObject { ["appId"] = "sim-app", ["clientType"] = 72, ["userId"] = userId, ["expireTime"] = expire, ["nonce"] = Nonce };
        using var request = new HttpRequestMessage(HttpMethod.Post, HuaweiSimulator.AppAuthPath) { Content = JsonContent.Create(json) };
        var signature = AppAuthSignature.Compute("sim-app", userId, expire, Nonce, "sim-key");
        request.Headers.TryAddWithoutValidation("Authorization", $"HMAC-SHA256 {AppAuthSignature.AuthorizationParameter("sim-app", signature)}");
        request.Headers.Add("X-Token-Type", "LongTicket");
        using var response = await _http.SendAsync(request);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    private Task<HttpResponseMessage> GetAsync(string? token, string pathAndQuery)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        if (token is not null)
        {
            request.Headers.Add("X-Access-Token", token);
        }

        return _http.SendAsync(request);
    }

    private async Task<JsonElement> ListAsync(string token, string query = "")
    {
        using var response = await GetAsync(token, HuaweiSimulator.SearchMeetingsPath + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static List<string> Ids(JsonElement page) =>
        [.. page.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("conferenceID").GetString()!)];

    private static JsonElement Meeting(JsonElement page, string conferenceId) =>
        page.GetProperty("data").EnumerateArray().Single(m => m.GetProperty("conferenceID").GetString() == conferenceId);

    private static string[] PasswordRoles(JsonElement meeting) =>
        [.. meeting.GetProperty("passwordEntry").EnumerateArray().Select(p => p.GetProperty("conferenceRole").GetString()!)];

    private static string PasswordOf(JsonElement meeting, string role) =>
        meeting.GetProperty("passwordEntry").EnumerateArray().Single(p => p.GetProperty("conferenceRole").GetString() == role).GetProperty("password").GetString()!;

    private static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string errorCode)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(errorCode, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error_code").GetString());
        Assert.Single(response.Headers.GetValues("X-Request-Id"));
    }

    private static string Utc(DateTimeOffset time) => time.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Whoever_signs_in_sees_the_seeded_meetings_soonest_first_with_utc_times()
    {
        var page = await ListAsync(await TokenAsync());

        Assert.Equal((0, 20, 4), (page.GetProperty("offset").GetInt32(), page.GetProperty("limit").GetInt32(), page.GetProperty("count").GetInt32()));
        Assert.Equal(
            [HuaweiSimulatorOptions.HostedInProgressMeetingId, HuaweiSimulatorOptions.HostedUpcomingMeetingId,
                HuaweiSimulatorOptions.GuestMeetingId, HuaweiSimulatorOptions.CloudRoomMeetingId],
            Ids(page));
        var upcoming = Meeting(page, HuaweiSimulatorOptions.HostedUpcomingMeetingId);
        Assert.Equal(Start, _simulator.SeededAt);
        Assert.Equal(Utc(Start.AddMinutes(30)), upcoming.GetProperty("startTime").GetString());
        Assert.Equal(Utc(Start.AddMinutes(90)), upcoming.GetProperty("endTime").GetString());
        Assert.Equal("56", upcoming.GetProperty("timeZoneID").GetString());
        Assert.Equal("Schedule", upcoming.GetProperty("conferenceState").GetString());
        Assert.Equal("Project sync", upcoming.GetProperty("subject").GetString());
        var inProgress = Meeting(page, HuaweiSimulatorOptions.HostedInProgressMeetingId);
        Assert.Equal(Utc(Start.AddMinutes(-10)), inProgress.GetProperty("startTime").GetString());
        Assert.Equal("Created", inProgress.GetProperty("conferenceState").GetString());
    }

    [Fact]
    public async Task A_new_simulator_seeds_from_its_clock_to_the_minute()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2027, 3, 4, 9, 15, 42, TimeSpan.Zero));

        await using var simulator = new HuaweiSimulator(timeProvider: time);

        Assert.Equal(new DateTimeOffset(2027, 3, 4, 9, 15, 0, TimeSpan.Zero), simulator.SeededAt);
    }

    [Fact]
    public async Task The_host_gets_the_chair_and_guest_passwords_and_a_guest_only_the_guest_password()
    {
        var page = await ListAsync(await TokenAsync());

        var hosted = Meeting(page, HuaweiSimulatorOptions.HostedUpcomingMeetingId);
        var guest = Meeting(page, HuaweiSimulatorOptions.GuestMeetingId);
        Assert.Equal(["chair", "general"], PasswordRoles(hosted));
        Assert.Equal(Seeded(HuaweiSimulatorOptions.HostedUpcomingMeetingId).ChairPassword, PasswordOf(hosted, "chair"));
        Assert.Equal("chair", hosted.GetProperty("role").GetString());
        Assert.True(hosted.TryGetProperty("chairJoinUri", out _));
        Assert.Equal(["general"], PasswordRoles(guest));
        Assert.Equal(Seeded(HuaweiSimulatorOptions.GuestMeetingId).GuestPassword, PasswordOf(guest, "general"));
        Assert.Equal("general", guest.GetProperty("role").GetString());
        Assert.False(guest.TryGetProperty("chairJoinUri", out _));
        Assert.True(guest.TryGetProperty("guestJoinUri", out _));
    }

    [Fact]
    public async Task A_meeting_in_a_cloud_meeting_room_carries_the_rooms_id_beside_its_own()
    {
        var page = await ListAsync(await TokenAsync());

        var room = Meeting(page, HuaweiSimulatorOptions.CloudRoomMeetingId);
        Assert.Equal(1, room.GetProperty("vmrFlag").GetInt32());
        Assert.Equal(HuaweiSimulatorOptions.CloudMeetingRoomId, room.GetProperty("vmrConferenceID").GetString());
        Assert.NotEqual(HuaweiSimulatorOptions.CloudMeetingRoomId, HuaweiSimulatorOptions.CloudRoomMeetingId);
        Assert.Equal(0, Meeting(page, HuaweiSimulatorOptions.GuestMeetingId).GetProperty("vmrFlag").GetInt32());
    }

    [Fact]
    public async Task Limit_and_offset_page_through_the_list()
    {
        var token = await TokenAsync();

        var first = await ListAsync(token, "?offset=0&limit=2");
        var second = await ListAsync(token, "?offset=2&limit=2");
        var past = await ListAsync(token, "?offset=4&limit=2");

        Assert.Equal([HuaweiSimulatorOptions.HostedInProgressMeetingId, HuaweiSimulatorOptions.HostedUpcomingMeetingId], Ids(first));
        Assert.Equal([HuaweiSimulatorOptions.GuestMeetingId, HuaweiSimulatorOptions.CloudRoomMeetingId], Ids(second));
        Assert.Empty(Ids(past));
        Assert.All(new[] { first, second, past }, page => Assert.Equal(4, page.GetProperty("count").GetInt32()));
        Assert.Equal((2, 2), (second.GetProperty("offset").GetInt32(), second.GetProperty("limit").GetInt32()));
    }

    [Theory]
    [InlineData("stand", HuaweiSimulatorOptions.HostedInProgressMeetingId)]
    [InlineData("PLANNING", HuaweiSimulatorOptions.CloudRoomMeetingId)]
    [InlineData(HuaweiSimulatorOptions.CloudMeetingRoomId, HuaweiSimulatorOptions.CloudRoomMeetingId)]
    [InlineData(HuaweiSimulatorOptions.GuestMeetingId, HuaweiSimulatorOptions.GuestMeetingId)]
    [InlineData("partner-host", HuaweiSimulatorOptions.GuestMeetingId)]
    public async Task The_search_key_matches_subject_meeting_ids_and_scheduler(string searchKey, string expected)
    {
        var page = await ListAsync(await TokenAsync(), "?searchKey=" + Uri.EscapeDataString(searchKey));

        Assert.Equal([expected], Ids(page));
        Assert.Equal(1, page.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task A_search_key_that_matches_nothing_answers_an_empty_page()
    {
        var page = await ListAsync(await TokenAsync(), "?searchKey=nothing%20like%20this");

        Assert.Empty(Ids(page));
        Assert.Equal(0, page.GetProperty("count").GetInt32());
    }

    [Theory]
    [InlineData("?limit=0")]
    [InlineData("?limit=501")]
    [InlineData("?limit=ten")]
    [InlineData("?offset=-1")]
    [InlineData("?searchKey=")]
    [InlineData("?queryConfMode=AYEAR")]
    [InlineData("?sortType=BY_SUBJECT")]
    public async Task Paging_or_filters_outside_what_huawei_takes_are_refused_with_400(string query)
    {
        using var response = await GetAsync(await TokenAsync(), HuaweiSimulator.SearchMeetingsPath + query);

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, SimulatorErrorCodes.BadRequest);
    }

    [Fact]
    public async Task A_search_key_of_129_characters_is_refused_and_128_accepted()
    {
        var token = await TokenAsync();

        using var tooLong = await GetAsync(token, HuaweiSimulator.SearchMeetingsPath + "?searchKey=" + new string('a', 129));
        using var longest = await GetAsync(token, HuaweiSimulator.SearchMeetingsPath + "?searchKey=" + new string('a', 128));

        await AssertErrorAsync(tooLong, HttpStatusCode.BadRequest, SimulatorErrorCodes.BadRequest);
        Assert.Equal(HttpStatusCode.OK, longest.StatusCode);
    }

    [Fact]
    public async Task Descending_sort_and_a_one_day_range_are_honoured()
    {
        _simulator.Options.ScheduledMeetings.Add(new SimulatedScheduledMeeting(
            "986030679", "Quarterly review", TimeSpan.FromDays(3), TimeSpan.FromHours(1), UserIsHost: true, InProgress: false, "1111111111", "2222222222", "100.94.23.49"));
        var token = await TokenAsync();

        var descending = await ListAsync(token, "?sortType=DSC_StartTIME");
        var nextDay = await ListAsync(token, "?queryConfMode=ADAY");
        var nextWeek = await ListAsync(token, "?queryConfMode=AWEEK");

        Assert.Equal("986030679", Ids(descending)[0]);
        Assert.Equal(HuaweiSimulatorOptions.HostedInProgressMeetingId, Ids(descending)[^1]);
        Assert.DoesNotContain("986030679", Ids(nextDay));
        Assert.Equal(4, nextDay.GetProperty("count").GetInt32());
        Assert.Contains("986030679", Ids(nextWeek));
    }

    [Fact]
    public async Task A_meeting_that_has_ended_is_no_longer_listed_nor_found()
    {
        var token = await TokenAsync();

        _time.Advance(TimeSpan.FromMinutes(20)); // the stand-up began 10 minutes before the seeding and lasts 30
        var page = await ListAsync(token);
        using var detail = await GetAsync(token, $"{HuaweiSimulator.MeetingDetailPath}?conferenceID={HuaweiSimulatorOptions.HostedInProgressMeetingId}");

        Assert.DoesNotContain(HuaweiSimulatorOptions.HostedInProgressMeetingId, Ids(page));
        Assert.Equal(3, page.GetProperty("count").GetInt32());
        await AssertErrorAsync(detail, HttpStatusCode.BadRequest, SimulatorErrorCodes.MeetingNotFound);
    }

    [Fact]
    public async Task Without_a_live_token_the_list_and_the_details_answer_401()
    {
        var token = await TokenAsync();
        var detailPath = $"{HuaweiSimulator.MeetingDetailPath}?conferenceID={HuaweiSimulatorOptions.HostedUpcomingMeetingId}";

        using var listWithout = await GetAsync(null, HuaweiSimulator.SearchMeetingsPath);
        using var detailWithBadToken = await GetAsync("sbx-not-issued", detailPath);
        _simulator.RevokeAllTokens();
        using var listRevoked = await GetAsync(token, HuaweiSimulator.SearchMeetingsPath);
        using var detailRevoked = await GetAsync(token, detailPath);

        foreach (var response in new[] { listWithout, detailWithBadToken, listRevoked, detailRevoked })
        {
            await AssertErrorAsync(response, HttpStatusCode.Unauthorized, SimulatorErrorCodes.TokenExpired);
        }
    }

    [Fact]
    public async Task Details_answer_one_meeting_by_its_conference_id_only()
    {
        var token = await TokenAsync();

        using var hosted = await GetAsync(token, $"{HuaweiSimulator.MeetingDetailPath}?conferenceID={HuaweiSimulatorOptions.CloudRoomMeetingId}");
        using var guest = await GetAsync(token, $"{HuaweiSimulator.MeetingDetailPath}?conferenceID={HuaweiSimulatorOptions.GuestMeetingId}");
        using var byRoomId = await GetAsync(token, $"{HuaweiSimulator.MeetingDetailPath}?conferenceID={HuaweiSimulatorOptions.CloudMeetingRoomId}");
        using var unknown = await GetAsync(token, $"{HuaweiSimulator.MeetingDetailPath}?conferenceID=111111111");
        using var withoutId = await GetAsync(token, HuaweiSimulator.MeetingDetailPath);

        Assert.Equal(HttpStatusCode.OK, hosted.StatusCode);
        var room = (await hosted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("conferenceData");
        Assert.Equal(HuaweiSimulatorOptions.CloudRoomMeetingId, room.GetProperty("conferenceID").GetString());
        Assert.Equal(HuaweiSimulatorOptions.CloudMeetingRoomId, room.GetProperty("vmrConferenceID").GetString());
        Assert.Equal(Seeded(HuaweiSimulatorOptions.CloudRoomMeetingId).ChairPassword, PasswordOf(room, "chair"));
        var guestMeeting = (await guest.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("conferenceData");
        Assert.Equal(["general"], PasswordRoles(guestMeeting));
        await AssertErrorAsync(byRoomId, HttpStatusCode.BadRequest, SimulatorErrorCodes.MeetingNotFound);
        await AssertErrorAsync(unknown, HttpStatusCode.BadRequest, SimulatorErrorCodes.MeetingNotFound);
        await AssertErrorAsync(withoutId, HttpStatusCode.BadRequest, SimulatorErrorCodes.BadRequest);
    }

    [Fact]
    public async Task A_meeting_listed_for_some_users_is_theirs_alone_in_the_list_and_the_details()
    {
        _simulator.Options.ScheduledMeetings.Add(new SimulatedScheduledMeeting(
            "986030690", "Board call", TimeSpan.FromHours(1), TimeSpan.FromHours(1), UserIsHost: true, InProgress: false,
            HuaweiSimulatorOptions.NewPassword(), HuaweiSimulatorOptions.NewPassword(), "100.94.23.50", ListedFor: ["host-1", "invitee-1"]));
        var host = await TokenAsync("host-1");
        var invitee = await TokenAsync("invitee-1");
        var stranger = await TokenAsync("stranger-1");
        var detailPath = $"{HuaweiSimulator.MeetingDetailPath}?conferenceID=986030690";

        using var hostDetail = await GetAsync(host, detailPath);
        using var inviteeDetail = await GetAsync(invitee, detailPath);
        using var strangerDetail = await GetAsync(stranger, detailPath);

        Assert.Contains("986030690", Ids(await ListAsync(host)));
        Assert.Contains("986030690", Ids(await ListAsync(invitee)));
        Assert.DoesNotContain("986030690", Ids(await ListAsync(stranger)));
        Assert.Contains(HuaweiSimulatorOptions.GuestMeetingId, Ids(await ListAsync(stranger)));
        Assert.Equal(HttpStatusCode.OK, hostDetail.StatusCode);
        Assert.Equal(HttpStatusCode.OK, inviteeDetail.StatusCode);
        await AssertErrorAsync(strangerDetail, HttpStatusCode.BadRequest, SimulatorErrorCodes.MeetingNotFound);
    }

    [Fact]
    public async Task The_chair_password_starts_a_listed_meeting_which_is_then_in_progress_and_the_guest_password_does_not()
    {
        var token = await TokenAsync();
        var upcoming = Seeded(HuaweiSimulatorOptions.HostedUpcomingMeetingId);

        using var withGuestPassword = await StartAsync(token, upcoming.ConferenceId, upcoming.GuestPassword);
        using var withChairPassword = await StartAsync(token, upcoming.ConferenceId, upcoming.ChairPassword);
        var page = await ListAsync(token);

        await AssertErrorAsync(withGuestPassword, HttpStatusCode.BadRequest, SimulatorErrorCodes.WrongIdOrPassword);
        Assert.Equal(HttpStatusCode.OK, withChairPassword.StatusCode);
        Assert.Equal(upcoming.RegionIp, (await withChairPassword.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("regionIP").GetString());
        Assert.Equal("Created", Meeting(page, upcoming.ConferenceId).GetProperty("conferenceState").GetString());
    }

    private Task<HttpResponseMessage> StartAsync(string token, string conferenceId, string password)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, HuaweiSimulator.StartConferencePath)
        {
            Content = JsonContent.Create(new { conferenceID = conferenceId, password }),
        };
        request.Headers.Add("X-Access-Token", token);
        return _http.SendAsync(request);
    }

    [Fact]
    public async Task Forced_answers_apply_to_the_list_and_the_details_each_on_its_own()
    {
        var token = await TokenAsync();
        var detailPath = $"{HuaweiSimulator.MeetingDetailPath}?conferenceID={HuaweiSimulatorOptions.GuestMeetingId}";
        _simulator.ForceNext(SimulatorEndpoint.SearchMeetings, SimulatedAnswer.RateLimited(TimeSpan.FromSeconds(7), apigRateLimit: null));
        _simulator.ForceNext(SimulatorEndpoint.MeetingDetail, SimulatedAnswer.ServerError(503));

        using var throttled = await GetAsync(token, HuaweiSimulator.SearchMeetingsPath);
        using var failing = await GetAsync(token, detailPath);
        using var listAgain = await GetAsync(token, HuaweiSimulator.SearchMeetingsPath);
        using var detailAgain = await GetAsync(token, detailPath);

        await AssertErrorAsync(throttled, HttpStatusCode.TooManyRequests, SimulatorErrorCodes.Throttled);
        Assert.Equal(TimeSpan.FromSeconds(7), throttled.Headers.RetryAfter!.Delta);
        await AssertErrorAsync(failing, HttpStatusCode.ServiceUnavailable, SimulatorErrorCodes.SystemFailure);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (listAgain.StatusCode, detailAgain.StatusCode));
        Assert.Equal((2, 2, 0), (_simulator.RequestCount(SimulatorEndpoint.SearchMeetings), _simulator.RequestCount(SimulatorEndpoint.MeetingDetail), _simulator.StartRequests));
    }

    [Fact]
    public async Task A_slow_forced_answer_holds_the_list_until_its_delay_has_passed_on_the_simulators_clock()
    {
        var token = await TokenAsync();
        _simulator.ForceNext(SimulatorEndpoint.SearchMeetings, SimulatedAnswer.Delayed(TimeSpan.FromSeconds(30)));

        var slow = GetAsync(token, HuaweiSimulator.SearchMeetingsPath);
        await Poll.UntilAsync(() => _simulator.RequestCount(SimulatorEndpoint.SearchMeetings) > 0, TimeSpan.FromSeconds(30), "the slow list to arrive");
        var answeredEarly = slow.IsCompleted;
        await _time.AdvanceUntilAsync(() => slow.IsCompleted, "the slow list's answer");
        using var response = await slow;

        Assert.False(answeredEarly);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(_time.GetUtcNow() >= Start.AddSeconds(30));
    }

    [Fact]
    public async Task The_request_log_names_the_endpoints_and_keeps_no_password_or_token()
    {
        var token = await TokenAsync();
        var hosted = Seeded(HuaweiSimulatorOptions.HostedUpcomingMeetingId);

        await ListAsync(token);
        using var _ = await GetAsync(token, $"{HuaweiSimulator.MeetingDetailPath}?conferenceID={hosted.ConferenceId}");

        var requests = _simulator.Requests;
        Assert.Equal([SimulatorEndpoint.AppAuth, SimulatorEndpoint.SearchMeetings, SimulatorEndpoint.MeetingDetail], requests.Select(r => r.Endpoint));
        Assert.Equal(("user-1", hosted.ConferenceId, 200), (requests[2].UserId, requests[2].ConferenceId, requests[2].StatusCode));
        var secrets = _simulator.Options.ScheduledMeetings.SelectMany(m => new[] { m.ChairPassword, m.GuestPassword }).Append(token).ToList();
        Assert.All(requests, r => Assert.All(secrets, secret => Assert.DoesNotContain(secret, r.ToString(), StringComparison.Ordinal)));
        Assert.All(_simulator.Options.ScheduledMeetings, m => Assert.DoesNotContain(m.ChairPassword, m.ToString(), StringComparison.Ordinal));
    }
}
