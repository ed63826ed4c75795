using MeetingBot.Meetings.Activation;
using MeetingBot.Meetings.Huawei;
using MeetingBot.Meetings.Tokens;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MeetingBot.Meetings.Listing;

/// <summary>
/// Reads the user's meetings from Huawei with the user's own token (<see cref="AccessTokenProvider.CallAsync{T}"/>: a
/// rejected token is replaced once), over the same HttpClient as activations (retries, per-attempt timeout, Huawei's
/// rate-limit holds). Each request is bounded as a whole by <see cref="HuaweiMeetingOptions.ActivationTimeout"/>: it runs
/// within a chat turn too. Host passwords are read on request and handed over once, never kept or logged.
/// </summary>
internal sealed class MeetingListService(
    IHuaweiMeetingApi api,
    AccessTokenProvider tokens,
    HuaweiEnterpriseDirectory enterprises,
    IOptions<HuaweiMeetingOptions> options,
    TimeProvider time,
    ILogger<MeetingListService> logger) : IMeetingListService
{
    private static readonly Dictionary<MeetingTimeRange, string> QueryConfModes = new()
    {
        [MeetingTimeRange.Day] = "ADAY",
        [MeetingTimeRange.Week] = "AWEEK",
        [MeetingTimeRange.Month] = "AMONTH",
        [MeetingTimeRange.All] = "ALL",
    };

    public Task<MeetingQueryResult<MeetingPage>> ListAsync(ChatUser user, MeetingListQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Offset);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, MeetingListQuery.MaxLimit);

        var searchKey = string.IsNullOrWhiteSpace(query.SearchKey) ? null : query.SearchKey.Trim();
        if (searchKey is not null && (searchKey.Length > MeetingListQuery.MaxSearchKeyLength || searchKey.Any(char.IsControl)))
        {
            return Task.FromResult(Failed<MeetingPage>(MeetingQueryOutcome.InvalidInput));
        }

        var search = new MeetingSearch(
            query.Offset, query.Limit, searchKey, query.Within is { } within ? QueryConfModes[within] : null, MeetingSearch.StartTimeAscending);
        return RunAsync(user, "meeting list", null, (subject, cancellation) => AskHuaweiAsync(
            subject,
            (token, c) => api.SearchMeetingsAsync(token, search, c),
            oneMeeting: false,
            (answer, requestId) => Succeeded(Page(answer, search), requestId),
            cancellation), cancellationToken);
    }

    public Task<MeetingQueryResult<HuaweiMeeting>> FindAsync(ChatUser user, string conferenceId, CancellationToken cancellationToken) =>
        DetailAsync(user, conferenceId, "meeting lookup", (meetingId, info) => ConferenceInfoReader.Read(info) is { } meeting
            ? (meeting, MeetingQueryOutcome.Succeeded)
            : (null, MeetingQueryOutcome.MeetingNotFound), cancellationToken);

    public Task<MeetingQueryResult<ChairPassword>> GetChairPasswordAsync(ChatUser user, string conferenceId, CancellationToken cancellationToken) =>
        DetailAsync(user, conferenceId, "chair password", (meetingId, info) => (ConferenceInfoReader.Read(info), info.ChairPassword) switch
        {
            (null, _) => (null, MeetingQueryOutcome.MeetingNotFound),
            (_, null) => (null, MeetingQueryOutcome.NotHost),
            (_, { } password) => (new ChairPassword(meetingId, password), MeetingQueryOutcome.Succeeded),
        }, cancellationToken);

    /// <summary>Reads one meeting's details and lets <paramref name="read"/> take what it needs from them.</summary>
    private Task<MeetingQueryResult<T>> DetailAsync<T>(
        ChatUser user, string conferenceId, string what, Func<string, ConferenceInfo, (T? Value, MeetingQueryOutcome Outcome)> read,
        CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(user);
        if (MeetingInput.ValidateMeetingId(conferenceId).Count > 0)
        {
            return Task.FromResult(Failed<T>(MeetingQueryOutcome.InvalidInput));
        }

        var meetingId = MeetingInput.NormalizeMeetingId(conferenceId);
        return RunAsync(user, what, meetingId, (subject, cancellation) => AskHuaweiAsync(
            subject,
            (token, c) => api.GetMeetingDetailAsync(token, meetingId, c),
            oneMeeting: true,
            (answer, requestId) =>
            {
                if (answer.ConferenceData is not { } info)
                {
                    return Failed<T>(new HuaweiFailure(HuaweiFailureKind.MalformedResponse, 200, null, requestId), MeetingQueryOutcome.ServiceUnavailable);
                }

                var (value, outcome) = read(meetingId, info);
                return value is null
                    ? new MeetingQueryResult<T> { Outcome = outcome, RequestId = requestId }
                    : Succeeded(value, requestId);
            },
            cancellation), cancellationToken);
    }

    /// <summary>One call with the user's token (a rejected one replaced once); a failure becomes what the user can act on.</summary>
    private async Task<MeetingQueryResult<T>> AskHuaweiAsync<TAnswer, T>(
        SignInSubject subject,
        Func<string, CancellationToken, Task<HuaweiCallResult<TAnswer>>> call,
        bool oneMeeting,
        Func<TAnswer, string?, MeetingQueryResult<T>> answered,
        CancellationToken cancellationToken)
        where TAnswer : class
        where T : class
    {
        var result = await tokens.CallAsync(subject, call, cancellationToken);
        if (result.SignInFailure is { } signInFailure)
        {
            return Failed<T>(signInFailure, MeetingQueryErrorMapping.ForAuthentication(signInFailure));
        }

        var answer = result.Answer!;
        return answer.Failure is { } failure
            ? Failed<T>(failure, MeetingQueryErrorMapping.ForQuery(failure, oneMeeting))
            : answered(answer.Value!, answer.RequestId);
    }

    /// <summary>Finds whose token to use, bounds the whole request by the deadline, and logs its outcome (never a value).</summary>
    private async Task<MeetingQueryResult<T>> RunAsync<T>(
        ChatUser user, string what, string? meetingId, Func<SignInSubject, CancellationToken, Task<MeetingQueryResult<T>>> work,
        CancellationToken cancellationToken)
        where T : class
    {
        var settings = options.Value;
        if (enterprises.For(user) is not { } enterprise)
        {
            logger.LogWarning("{UserKey} belongs to a tenant mapped to no Huawei enterprise; no {Request}", user.CacheKey, what);
            return Failed<T>(MeetingQueryOutcome.OrganisationNotConnected);
        }

        if (HuaweiUserId.For(user, settings.UserIdSource) is not { } huaweiUserId)
        {
            logger.LogWarning("{UserKey} has no identity usable as Huawei userId under {UserIdSource}; no {Request}", user.CacheKey, settings.UserIdSource, what);
            return Failed<T>(MeetingQueryOutcome.NotPermitted);
        }

        using var deadline = new CancellationTokenSource(settings.ActivationTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        MeetingQueryResult<T> result;
        try
        {
            result = await work(new SignInSubject(user, enterprise, huaweiUserId), linked.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            result = Failed<T>(MeetingQueryOutcome.TimedOut);
        }

        logger.LogDebug("Huawei {Request} {MeetingId} for {UserKey}: {Outcome} {ErrorCode} (request {RequestId})",
            what, meetingId, user.CacheKey, result.Outcome, result.ErrorCode, result.RequestId);
        return result;
    }

    private MeetingPage Page(SearchMeetingsResponse answer, MeetingSearch search)
    {
        var entries = answer.Data ?? [];
        var meetings = entries.Select(ConferenceInfoReader.Read).OfType<HuaweiMeeting>().ToList();
        if (meetings.Count < entries.Count)
        {
            logger.LogDebug("Huawei listed {Skipped} meetings without an ID, a readable time or a startable state; they are left out", entries.Count - meetings.Count);
        }

        var offset = answer.Offset ?? search.Offset;
        var nextOffset = offset + entries.Count;
        return new MeetingPage(meetings, offset, answer.Count ?? nextOffset, nextOffset);
    }

    private static MeetingQueryResult<T> Succeeded<T>(T value, string? requestId)
        where T : class => new() { Outcome = MeetingQueryOutcome.Succeeded, Value = value, RequestId = requestId };

    private static MeetingQueryResult<T> Failed<T>(MeetingQueryOutcome outcome)
        where T : class => new() { Outcome = outcome };

    private static MeetingQueryResult<T> Failed<T>(HuaweiFailure failure, MeetingQueryOutcome outcome)
        where T : class => new()
        {
            Outcome = outcome,
            ErrorCode = failure.ErrorCode,
            RequestId = failure.RequestId,
            RetryAfter = outcome == MeetingQueryOutcome.RateLimited ? failure.RetryAfter : null,
        };
}
