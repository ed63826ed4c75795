using MeetingBot.Meetings.Activation;
using MeetingBot.Meetings.Listing;
using MeetingBot.Meetings.Protection;
using MeetingBot.Meetings.Tests.Support;
using MeetingBot.Sandbox;
using MeetingBot.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace MeetingBot.Meetings.Tests.Listing;

/// <summary>
/// <see cref="IMeetingListService"/> as the app composes it (the user's token, the Huawei HttpClient with its retries,
/// timeouts and rate-limit holds) against the Huawei simulator listening on loopback.
/// </summary>
public sealed class MeetingListAgainstHuaweiSimulatorTests
{
    private static readonly ChatUser Erin = new("msteams", "tenant-1", "29:erin", AadObjectId: "aad-erin");

    private static IMeetingListService Meetings(SandboxHarness sandbox) => sandbox.Services.GetRequiredService<IMeetingListService>();

    private static SimulatedScheduledMeeting Seeded(SandboxHarness sandbox, string conferenceId) =>
        sandbox.Simulator.Options.ScheduledMeetings.Single(m => m.ConferenceId == conferenceId);

    private static int Searches(SandboxHarness sandbox) => sandbox.Simulator.RequestCount(SimulatorEndpoint.SearchMeetings);

    [Fact]
    public async Task The_users_meetings_come_soonest_first_with_utc_times_state_and_whether_they_host()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        var seededAt = sandbox.Simulator.SeededAt;

        var result = await Meetings(sandbox).ListAsync(Erin, new MeetingListQuery(), CancellationToken.None);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(
            [
                new HuaweiMeeting(HuaweiSimulatorOptions.HostedInProgressMeetingId, "Daily stand-up", seededAt.AddMinutes(-10), seededAt.AddMinutes(20), HuaweiMeetingState.InProgress, IsHost: true),
                new HuaweiMeeting(HuaweiSimulatorOptions.HostedUpcomingMeetingId, "Project sync", seededAt.AddMinutes(30), seededAt.AddMinutes(90), HuaweiMeetingState.Scheduled, IsHost: true),
                new HuaweiMeeting(HuaweiSimulatorOptions.GuestMeetingId, "Partner review", seededAt.AddHours(2), seededAt.AddHours(3), HuaweiMeetingState.Scheduled, IsHost: false),
                new HuaweiMeeting(HuaweiSimulatorOptions.CloudRoomMeetingId, "Team room: planning", seededAt.AddHours(3), seededAt.AddMinutes(225), HuaweiMeetingState.Scheduled, IsHost: true,
                    CloudMeetingRoomId: HuaweiSimulatorOptions.CloudMeetingRoomId),
            ],
            result.Value!.Meetings);
        Assert.All(result.Value.Meetings, m => Assert.Equal(TimeSpan.Zero, m.StartsAt.Offset));
        Assert.Equal((0, 4, 4, false), (result.Value.Offset, result.Value.TotalCount, result.Value.NextOffset, result.Value.HasMore));
        Assert.Equal(HuaweiSimulatorOptions.CloudMeetingRoomId, result.Value.Meetings[3].DisplayId);
        Assert.Equal(sandbox.Simulator.Requests.Last(r => r.Endpoint == SimulatorEndpoint.SearchMeetings).RequestId, result.RequestId);
    }

    [Fact]
    public async Task Limit_and_offset_page_through_the_list()
    {
        await using var sandbox = await SandboxHarness.StartAsync();

        var first = await Meetings(sandbox).ListAsync(Erin, new MeetingListQuery { Limit = 3 }, CancellationToken.None);
        var second = await Meetings(sandbox).ListAsync(Erin, new MeetingListQuery { Limit = 3, Offset = first.Value!.NextOffset }, CancellationToken.None);

        Assert.Equal(
            [HuaweiSimulatorOptions.HostedInProgressMeetingId, HuaweiSimulatorOptions.HostedUpcomingMeetingId, HuaweiSimulatorOptions.GuestMeetingId],
            first.Value.Meetings.Select(m => m.ConferenceId));
        Assert.True(first.Value.HasMore);
        Assert.Equal([HuaweiSimulatorOptions.CloudRoomMeetingId], second.Value!.Meetings.Select(m => m.ConferenceId));
        Assert.Equal((3, 4, false), (second.Value.Offset, second.Value.TotalCount, second.Value.HasMore));
    }

    [Fact]
    public async Task The_search_text_narrows_the_list_and_text_huawei_would_refuse_never_leaves()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        var meetings = Meetings(sandbox);

        var planning = await meetings.ListAsync(Erin, new MeetingListQuery { SearchKey = "  planning " }, CancellationToken.None);
        var byRoomId = await meetings.ListAsync(Erin, new MeetingListQuery { SearchKey = HuaweiSimulatorOptions.CloudMeetingRoomId }, CancellationToken.None);
        var none = await meetings.ListAsync(Erin, new MeetingListQuery { SearchKey = "nothing like this" }, CancellationToken.None);
        var searchesSent = Searches(sandbox);
        var tooLong = await meetings.ListAsync(Erin, new MeetingListQuery { SearchKey = new string('a', 129) }, CancellationToken.None);

        Assert.Equal([HuaweiSimulatorOptions.CloudRoomMeetingId], planning.Value!.Meetings.Select(m => m.ConferenceId));
        Assert.Equal([HuaweiSimulatorOptions.CloudRoomMeetingId], byRoomId.Value!.Meetings.Select(m => m.ConferenceId));
        Assert.Equal((0, 0), (none.Value!.Meetings.Count, none.Value.TotalCount));
        Assert.Equal(MeetingQueryOutcome.InvalidInput, tooLong.Outcome);
        Assert.Equal(searchesSent, Searches(sandbox));
    }

    [Fact]
    public async Task One_meeting_is_found_by_its_id_whether_the_user_hosts_it_or_is_a_guest()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        var meetings = Meetings(sandbox);

        var hosted = await meetings.FindAsync(Erin, "986 030-671", CancellationToken.None);
        var guest = await meetings.FindAsync(Erin, HuaweiSimulatorOptions.GuestMeetingId, CancellationToken.None);
        var unknown = await meetings.FindAsync(Erin, "111111111", CancellationToken.None);
        var byRoomId = await meetings.FindAsync(Erin, HuaweiSimulatorOptions.CloudMeetingRoomId, CancellationToken.None);

        Assert.Equal((HuaweiSimulatorOptions.HostedUpcomingMeetingId, true, HuaweiMeetingState.Scheduled), (hosted.Value!.ConferenceId, hosted.Value.IsHost, hosted.Value.State));
        Assert.Equal(sandbox.Simulator.SeededAt.AddMinutes(30), hosted.Value.StartsAt);
        Assert.False(guest.Value!.IsHost);
        Assert.Equal((MeetingQueryOutcome.MeetingNotFound, SimulatorErrorCodes.MeetingNotFound), (unknown.Outcome, unknown.ErrorCode));
        Assert.False(string.IsNullOrEmpty(unknown.RequestId));
        Assert.Equal(MeetingQueryOutcome.MeetingNotFound, byRoomId.Outcome);
    }

    [Fact]
    public async Task The_chair_password_of_a_hosted_meeting_starts_it_without_the_user_typing_it()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        var upcoming = Seeded(sandbox, HuaweiSimulatorOptions.HostedUpcomingMeetingId);

        var chair = await Meetings(sandbox).GetChairPasswordAsync(Erin, upcoming.ConferenceId, CancellationToken.None);
        var started = await sandbox.Activation.ActivateAsync(Erin, chair.Value!.ConferenceId, chair.Value.Reveal(), CancellationToken.None);
        var afterwards = await Meetings(sandbox).FindAsync(Erin, upcoming.ConferenceId, CancellationToken.None);

        Assert.Equal(upcoming.ChairPassword, chair.Value.Reveal());
        Assert.Equal((ActivationOutcome.Activated, upcoming.RegionIp), (started.Outcome, started.RegionIp));
        Assert.Equal(HuaweiMeetingState.InProgress, afterwards.Value!.State);
        Assert.Equal(1, sandbox.Simulator.AuthRequests);
    }

    [Fact]
    public async Task A_guest_gets_no_chair_password()
    {
        await using var sandbox = await SandboxHarness.StartAsync();

        var result = await Meetings(sandbox).GetChairPasswordAsync(Erin, HuaweiSimulatorOptions.GuestMeetingId, CancellationToken.None);

        Assert.Equal(MeetingQueryOutcome.NotHost, result.Outcome);
        Assert.Null(result.Value);
        Assert.Equal(1, sandbox.Simulator.RequestCount(SimulatorEndpoint.MeetingDetail));
    }

    [Fact]
    public async Task A_token_huawei_rejects_is_replaced_by_one_new_sign_in_and_the_call_then_succeeds()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        var meetings = Meetings(sandbox);
        await meetings.ListAsync(Erin, new MeetingListQuery(), CancellationToken.None);

        sandbox.Simulator.RevokeAllTokens();
        var list = await meetings.ListAsync(Erin, new MeetingListQuery(), CancellationToken.None);
        sandbox.Simulator.ForceNext(SimulatorEndpoint.MeetingDetail, SimulatedAnswer.TokenExpired());
        var chair = await meetings.GetChairPasswordAsync(Erin, HuaweiSimulatorOptions.HostedInProgressMeetingId, CancellationToken.None);

        Assert.True(list.Succeeded, list.ToString());
        Assert.Equal(4, list.Value!.Meetings.Count);
        Assert.True(chair.Succeeded, chair.ToString());
        Assert.Equal(3, sandbox.Simulator.AuthRequests);
        Assert.Equal(
            [200, 401, 200],
            sandbox.Simulator.Requests.Where(r => r.Endpoint == SimulatorEndpoint.SearchMeetings).Select(r => r.StatusCode));
        Assert.Equal(
            [401, 200],
            sandbox.Simulator.Requests.Where(r => r.Endpoint == SimulatorEndpoint.MeetingDetail).Select(r => r.StatusCode));
    }

    [Fact]
    public async Task A_token_rejected_twice_is_an_authentication_failure_after_one_new_sign_in()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        sandbox.Simulator.ForceNext(SimulatorEndpoint.SearchMeetings, SimulatedAnswer.TokenExpired(), times: 2);

        var result = await Meetings(sandbox).ListAsync(Erin, new MeetingListQuery(), CancellationToken.None);

        Assert.Equal((MeetingQueryOutcome.AuthenticationFailed, SimulatorErrorCodes.TokenExpired), (result.Outcome, result.ErrorCode));
        Assert.Equal((2, 2), (sandbox.Simulator.AuthRequests, Searches(sandbox)));
    }

    [Fact]
    public async Task A_429_holds_further_lists_in_the_shared_holds_until_huaweis_retry_after_has_passed()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var sandbox = await SandboxHarness.StartAsync(time: time);
        var meetings = Meetings(sandbox);
        sandbox.Simulator.ForceNext(SimulatorEndpoint.SearchMeetings, SimulatedAnswer.RateLimited(TimeSpan.FromSeconds(30), apigRateLimit: null));
        var throttledAt = time.GetUtcNow();

        var throttled = await meetings.ListAsync(Erin, new MeetingListQuery(), CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(10));
        var held = await meetings.ListAsync(Erin, new MeetingListQuery(), CancellationToken.None);
        var searchesWhileHeld = Searches(sandbox);
        var heldUntil = sandbox.Services.GetRequiredService<IHuaweiPauses>().PausedUntil(HuaweiSimulator.SearchMeetingsPath);
        var lookupMeanwhile = await meetings.FindAsync(Erin, HuaweiSimulatorOptions.GuestMeetingId, CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(20));
        var afterwards = await meetings.ListAsync(Erin, new MeetingListQuery(), CancellationToken.None);

        Assert.Equal((MeetingQueryOutcome.RateLimited, TimeSpan.FromSeconds(30)), (throttled.Outcome, throttled.RetryAfter));
        Assert.Equal((MeetingQueryOutcome.RateLimited, TimeSpan.FromSeconds(20)), (held.Outcome, held.RetryAfter));
        Assert.Equal(1, searchesWhileHeld);
        Assert.Equal(throttledAt.AddSeconds(30), heldUntil);
        Assert.True(lookupMeanwhile.Succeeded, "the hold is Huawei's for the list endpoint only: " + lookupMeanwhile);
        Assert.True(afterwards.Succeeded, afterwards.ToString());
        Assert.Equal(2, Searches(sandbox));
    }

    [Fact]
    public async Task A_server_error_is_a_typed_failure_with_huaweis_code_and_503s_are_retried_first()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        var meetings = Meetings(sandbox);
        await meetings.ListAsync(Erin, new MeetingListQuery(), CancellationToken.None);
        sandbox.Simulator.ResetCounters();

        sandbox.Simulator.ForceNext(SimulatorEndpoint.SearchMeetings, SimulatedAnswer.ServerError(500));
        var failed = await meetings.ListAsync(Erin, new MeetingListQuery(), CancellationToken.None);
        var afterOne = Searches(sandbox);
        sandbox.Simulator.ForceNext(SimulatorEndpoint.MeetingDetail, SimulatedAnswer.ServerError(503), times: 3);
        var unavailable = await meetings.GetChairPasswordAsync(Erin, HuaweiSimulatorOptions.HostedUpcomingMeetingId, CancellationToken.None);

        Assert.Equal((MeetingQueryOutcome.ServiceUnavailable, SimulatorErrorCodes.SystemFailure), (failed.Outcome, failed.ErrorCode));
        Assert.Equal(1, afterOne);
        Assert.Equal((MeetingQueryOutcome.ServiceUnavailable, SimulatorErrorCodes.SystemFailure), (unavailable.Outcome, unavailable.ErrorCode));
        Assert.Null(unavailable.Value);
        Assert.Equal(3, sandbox.Simulator.RequestCount(SimulatorEndpoint.MeetingDetail));
    }

    [Fact]
    public async Task A_huawei_that_does_not_answer_in_time_is_a_timed_out_failure()
    {
        // The attempt's timeout and the simulator's delay both run on this clock: the test moves it once the request is there.
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var sandbox = await SandboxHarness.StartAsync(
            settings: new Dictionary<string, string?> { ["HuaweiMeeting:RequestTimeout"] = "00:00:05", ["HuaweiMeeting:ActivationTimeout"] = "00:00:12" },
            time: time);
        var meetings = Meetings(sandbox);
        await meetings.ListAsync(Erin, new MeetingListQuery(), CancellationToken.None);
        sandbox.Simulator.ForceNext(SimulatorEndpoint.MeetingDetail, SimulatedAnswer.Delayed(TimeSpan.FromSeconds(60)));

        var slow = meetings.GetChairPasswordAsync(Erin, HuaweiSimulatorOptions.HostedUpcomingMeetingId, CancellationToken.None);
        await Poll.UntilAsync(() => sandbox.Simulator.RequestCount(SimulatorEndpoint.MeetingDetail) > 0, TimeSpan.FromSeconds(60), "the details request reaching the simulator");
        time.Advance(TimeSpan.FromSeconds(5)); // the attempt's timeout, whose timer was set before the request went out
        var result = await slow.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(MeetingQueryOutcome.TimedOut, result.Outcome);
        Assert.Null(result.Value);
        Assert.Equal(1, sandbox.Simulator.RequestCount(SimulatorEndpoint.MeetingDetail));
    }

    [Fact]
    public async Task No_password_token_or_host_link_reaches_the_logs()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        var meetings = Meetings(sandbox);

        var list = await meetings.ListAsync(Erin, new MeetingListQuery(), CancellationToken.None);
        await meetings.FindAsync(Erin, HuaweiSimulatorOptions.CloudRoomMeetingId, CancellationToken.None);
        var chair = await meetings.GetChairPasswordAsync(Erin, HuaweiSimulatorOptions.HostedUpcomingMeetingId, CancellationToken.None);
        var started = await sandbox.Activation.ActivateAsync(Erin, chair.Value!.ConferenceId, chair.Value.Reveal(), CancellationToken.None);
        var notHost = await meetings.GetChairPasswordAsync(Erin, HuaweiSimulatorOptions.GuestMeetingId, CancellationToken.None);
        var tokensBeforeRevoke = sandbox.Simulator.IssuedAccessTokens.ToList();
        sandbox.Simulator.RevokeAllTokens();
        await meetings.GetChairPasswordAsync(Erin, HuaweiSimulatorOptions.CloudRoomMeetingId, CancellationToken.None);
        sandbox.Simulator.ForceNext(SimulatorEndpoint.SearchMeetings, SimulatedAnswer.ServerError(500));
        await meetings.ListAsync(Erin, new MeetingListQuery { SearchKey = "sync" }, CancellationToken.None);
        sandbox.Simulator.ForceNext(SimulatorEndpoint.MeetingDetail, SimulatedAnswer.RateLimited(TimeSpan.FromSeconds(5)));
        await meetings.GetChairPasswordAsync(Erin, HuaweiSimulatorOptions.HostedInProgressMeetingId, CancellationToken.None);

        var secrets = sandbox.Simulator.Options.ScheduledMeetings.SelectMany(m => new[] { m.ChairPassword, m.GuestPassword })
            .Concat(tokensBeforeRevoke).Concat(sandbox.Simulator.IssuedAccessTokens).Append(sandbox.Simulator.Options.AppKey).ToList();
        var logged = sandbox.Logs.GetSnapshot()
            .Select(r => string.Join(" | ", [r.Level.ToString(), r.Category, r.Message, r.Exception?.ToString(),
                .. (r.StructuredState ?? []).Select(kv => $"{kv.Key}={kv.Value}")]))
            .ToList();

        Assert.True(list.Succeeded && started.IsActivated && notHost.Outcome == MeetingQueryOutcome.NotHost);
        Assert.True(tokensBeforeRevoke.Count > 0 && sandbox.Simulator.IssuedAccessTokens.Count > 0);
        Assert.Contains(logged, line => line.StartsWith("Debug | MeetingBot.Meetings.Huawei.HuaweiMeetingClient", StringComparison.Ordinal) && line.Contains("conferences/confDetail", StringComparison.Ordinal));
        Assert.Contains(logged, line => line.Contains("| MeetingBot.Meetings.Listing.MeetingListService |", StringComparison.Ordinal) && line.Contains("chair password", StringComparison.Ordinal));
        Assert.Contains(logged, line => line.Contains("| MeetingBot.Sandbox.HuaweiSimulator |", StringComparison.Ordinal) && line.Contains("MeetingDetail", StringComparison.Ordinal));
        foreach (var secret in secrets)
        {
            var leaks = logged.Where(line => line.Contains(secret, StringComparison.Ordinal)).ToList();
            Assert.True(leaks.Count == 0, "Secret logged in:\n" + string.Join("\n", leaks));
        }

        Assert.DoesNotContain(logged, line => line.Contains("c.meeting.example", StringComparison.Ordinal));
        Assert.DoesNotContain(logged, line => line.Contains("passwordEntry", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(chair.Value.Reveal(), chair.ToString(), StringComparison.Ordinal);
    }
}
