using System.Text.Json;
using MeetingBot.Meetings.Huawei;
using MeetingBot.Meetings.Listing;
using MeetingBot.Meetings.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace MeetingBot.Meetings.Tests.Listing;

/// <summary>How <see cref="MeetingListService"/> maps Huawei's answers, against Huawei's endpoints as the test arranges them.</summary>
public class MeetingListServiceUnitTests
{
    private static readonly ChatUser User = new("msteams", "tenant-1", "29:erin", AadObjectId: "aad-erin");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 7, 0, 0, TimeSpan.Zero));
    private readonly FakeHuaweiMeetingApi _api = new();

    private MeetingListService Service(IOptions<HuaweiMeetingOptions>? options = null)
    {
        options ??= Services.Options();
        return new MeetingListService(
            _api, Services.TokenProvider(_api, _time, options), new HuaweiEnterpriseDirectory(options), options, _time,
            NullLogger<MeetingListService>.Instance);
    }

    private static ConferenceInfo Info(string conferenceId, string? start = "2026-11-26 08:00", string state = "Schedule", params PasswordEntry[] passwords) =>
        new(conferenceId, "Sync", start, "2026-11-26 09:00", "56", state, passwords);

    private static HuaweiCallResult<SearchMeetingsResponse> Listed(int count, params ConferenceInfo[] meetings) =>
        HuaweiCallResult<SearchMeetingsResponse>.Success(new SearchMeetingsResponse(0, 20, count, meetings), "search-req");

    private static HuaweiCallResult<T> Failed<T>(int status, string? errorCode, TimeSpan? retryAfter = null)
        where T : class => HuaweiCallResult<T>.Failed(new HuaweiFailure(HuaweiFailureKind.HttpError, status, errorCode, "failed-req", retryAfter));

    [Fact]
    public async Task Entries_huawei_describes_badly_are_left_out_but_still_advance_the_next_offset()
    {
        _api.OnAuthenticate("aad-erin", Services.Token("tok"));
        _api.OnSearch(Listed(9, Info("986030671"), Info("986030672", start: "soon"), Info("986030673", state: "Destroyed")));

        var result = await Service().ListAsync(User, new MeetingListQuery(), CancellationToken.None);

        var page = result.Value!;
        Assert.Equal(["986030671"], page.Meetings.Select(m => m.ConferenceId));
        Assert.Equal((0, 9, 3, true), (page.Offset, page.TotalCount, page.NextOffset, page.HasMore));
        Assert.Equal("search-req", result.RequestId);
    }

    [Fact]
    public async Task The_query_goes_to_huawei_trimmed_soonest_first_with_the_time_range_asked_for()
    {
        _api.OnAuthenticate("aad-erin", Services.Token("tok"));
        _api.OnSearch(Listed(0));

        await Service().ListAsync(User, new MeetingListQuery { Offset = 40, Limit = 20, SearchKey = "  sync  ", Within = MeetingTimeRange.Week }, CancellationToken.None);
        await Service().ListAsync(User, new MeetingListQuery { SearchKey = "   " }, CancellationToken.None);

        Assert.Equal(new MeetingSearch(40, 20, "sync", "AWEEK", "ASC_StartTIME"), _api.Searches[0]);
        Assert.Equal(new MeetingSearch(0, 20, null, null, "ASC_StartTIME"), _api.Searches[1]);
    }

    [Theory]
    [InlineData(-1, 20)]
    [InlineData(0, 0)]
    [InlineData(0, 501)]
    public async Task Paging_outside_what_huawei_takes_is_a_bug_of_the_caller(int offset, int limit) =>
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Service().ListAsync(User, new MeetingListQuery { Offset = offset, Limit = limit }, CancellationToken.None));

    [Theory]
    [InlineData(400, null, MeetingQueryOutcome.Rejected)]
    [InlineData(403, null, MeetingQueryOutcome.NotPermitted)]
    [InlineData(400, "MMC.111070010", MeetingQueryOutcome.NotPermitted)]
    [InlineData(500, "MMC.111070003", MeetingQueryOutcome.ServiceUnavailable)]
    [InlineData(408, null, MeetingQueryOutcome.TimedOut)]
    public async Task A_failed_list_is_a_typed_outcome_with_huaweis_code_and_request_id(int status, string? errorCode, MeetingQueryOutcome expected)
    {
        _api.OnAuthenticate("aad-erin", Services.Token("tok"));
        _api.OnSearch(Failed<SearchMeetingsResponse>(status, errorCode));

        var result = await Service().ListAsync(User, new MeetingListQuery(), CancellationToken.None);

        Assert.Equal((expected, errorCode, "failed-req"), (result.Outcome, result.ErrorCode, result.RequestId));
        Assert.Null(result.Value);
    }

    [Fact]
    public async Task Throttling_says_when_to_try_again()
    {
        _api.OnAuthenticate("aad-erin", Services.Token("tok"));
        _api.OnSearch(Failed<SearchMeetingsResponse>(429, "APIG.0308", TimeSpan.FromSeconds(30)));

        var result = await Service().ListAsync(User, new MeetingListQuery(), CancellationToken.None);

        Assert.Equal((MeetingQueryOutcome.RateLimited, TimeSpan.FromSeconds(30)), (result.Outcome, result.RetryAfter));
    }

    [Theory]
    [InlineData(400, null, MeetingQueryOutcome.MeetingNotFound)]
    [InlineData(400, "MMC.111070005", MeetingQueryOutcome.MeetingNotFound)]
    [InlineData(404, null, MeetingQueryOutcome.MeetingNotFound)]
    [InlineData(403, "MMC.111070002", MeetingQueryOutcome.NotPermitted)]
    [InlineData(502, null, MeetingQueryOutcome.ServiceUnavailable)]
    public async Task A_failed_lookup_is_a_typed_outcome(int status, string? errorCode, MeetingQueryOutcome expected)
    {
        _api.OnAuthenticate("aad-erin", Services.Token("tok"));
        _api.OnDetail("986030671", Failed<MeetingDetailResponse>(status, errorCode));

        Assert.Equal(expected, (await Service().FindAsync(User, "986030671", CancellationToken.None)).Outcome);
        Assert.Equal(expected, (await Service().GetChairPasswordAsync(User, "986030671", CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task A_lookup_answer_without_the_meeting_is_service_unavailable_and_an_ended_meeting_is_not_found()
    {
        _api.OnAuthenticate("aad-erin", Services.Token("tok"));
        _api.OnDetail("986030671", HuaweiCallResult<MeetingDetailResponse>.Success(new MeetingDetailResponse(null), "empty"));
        _api.OnDetail("986030672", HuaweiCallResult<MeetingDetailResponse>.Success(new MeetingDetailResponse(Info("986030672", state: "Destroyed", passwords: new PasswordEntry("chair", "1"))), "ended"));

        Assert.Equal(MeetingQueryOutcome.ServiceUnavailable, (await Service().FindAsync(User, "986030671", CancellationToken.None)).Outcome);
        Assert.Equal(MeetingQueryOutcome.MeetingNotFound, (await Service().FindAsync(User, "986030672", CancellationToken.None)).Outcome);
        Assert.Equal(MeetingQueryOutcome.MeetingNotFound, (await Service().GetChairPasswordAsync(User, "986030672", CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task A_failed_sign_in_is_a_typed_outcome_and_nothing_is_listed()
    {
        _api.OnAuthenticate("aad-erin", Failed<AppAuthResponse>(401, "USG.206010025"));

        var result = await Service().ListAsync(User, new MeetingListQuery(), CancellationToken.None);

        Assert.Equal((MeetingQueryOutcome.AuthenticationFailed, "USG.206010025"), (result.Outcome, result.ErrorCode));
        Assert.Empty(_api.Searches);
    }

    [Fact]
    public async Task An_organisation_mapped_to_no_enterprise_is_refused_without_calling_huawei()
    {
        var options = Services.Options(o => o.Mode = HuaweiMeetingMode.ServiceProvider);

        var list = await Service(options).ListAsync(User, new MeetingListQuery(), CancellationToken.None);
        var password = await Service(options).GetChairPasswordAsync(User, "986030671", CancellationToken.None);

        Assert.Equal((MeetingQueryOutcome.OrganisationNotConnected, MeetingQueryOutcome.OrganisationNotConnected), (list.Outcome, password.Outcome));
        Assert.Equal(0, _api.Calls);
        Assert.Empty(_api.Searches);
    }

    [Theory]
    [InlineData("")]
    [InlineData("98603O671")]
    [InlineData("123")]
    public async Task A_meeting_id_that_breaks_the_input_rules_is_refused_without_calling_huawei(string conferenceId)
    {
        Assert.Equal(MeetingQueryOutcome.InvalidInput, (await Service().FindAsync(User, conferenceId, CancellationToken.None)).Outcome);
        Assert.Equal(MeetingQueryOutcome.InvalidInput, (await Service().GetChairPasswordAsync(User, conferenceId, CancellationToken.None)).Outcome);
        Assert.Equal(0, _api.Calls);
    }

    [Theory]
    [InlineData(129)]
    [InlineData(-1)]
    public async Task Search_text_huawei_would_refuse_is_invalid_input_and_never_sent(int length)
    {
        var searchKey = length < 0 ? "sync\u0007" : new string('a', length);

        var result = await Service().ListAsync(User, new MeetingListQuery { SearchKey = searchKey }, CancellationToken.None);

        Assert.Equal(MeetingQueryOutcome.InvalidInput, result.Outcome);
        Assert.Equal(0, _api.Calls);
    }

    [Fact]
    public async Task A_chair_password_shows_in_no_text_or_json_of_its_result()
    {
        _api.OnAuthenticate("aad-erin", Services.Token("tok"));
        _api.OnDetail("986030671", HuaweiCallResult<MeetingDetailResponse>.Success(
            new MeetingDetailResponse(Info("986030671", passwords: [new("chair", "Chair-Pw-5521"), new("general", "Guest-Pw-5522")])), "detail"));

        var result = await Service().GetChairPasswordAsync(User, "986 030-671", CancellationToken.None);

        Assert.Equal("Chair-Pw-5521", result.Value!.Reveal());
        Assert.Equal("986030671", result.Value.ConferenceId);
        foreach (var text in new[] { result.ToString(), result.Value.ToString(), JsonSerializer.Serialize(result), JsonSerializer.Serialize(result.Value) })
        {
            Assert.DoesNotContain("Chair-Pw-5521", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Guest-Pw-5522", text, StringComparison.Ordinal);
        }

        Assert.Contains("986030671", JsonSerializer.Serialize(result.Value), StringComparison.Ordinal);
    }
}
