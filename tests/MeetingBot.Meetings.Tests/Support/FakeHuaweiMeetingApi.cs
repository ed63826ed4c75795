using System.Collections.Concurrent;
using MeetingBot.Meetings.Huawei;

namespace MeetingBot.Meetings.Tests.Support;

/// <summary>
/// Huawei's endpoints as a unit test arranges them: each call is recorded and answered by what the test set up for
/// its arguments (answers in order, the last one repeating); a call nobody arranged throws.
/// </summary>
internal sealed class FakeHuaweiMeetingApi : IHuaweiMeetingApi
{
    private readonly ConcurrentDictionary<string, Answers<AppAuthResponse>> authentications = new();
    private readonly List<(string? AccessToken, string MeetingId, string Password, Answers<StartConferenceResponse> Answers)> starts = [];
    private readonly ConcurrentQueue<string> authenticated = new();
    private readonly ConcurrentQueue<StartCall> started = new();
    private readonly TaskCompletionSource startCalled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<string, Answers<MeetingDetailResponse>> detailAnswers = new();
    private readonly ConcurrentQueue<MeetingSearch> searched = new();
    private Answers<SearchMeetingsResponse>? searchAnswers;

    public sealed record StartCall(string AccessToken, string MeetingId, string Password);

    /// <summary>The Huawei user ids signed in, in order.</summary>
    public IReadOnlyList<string> Authentications => [.. authenticated];

    /// <summary>The conference starts asked for, in order.</summary>
    public IReadOnlyList<StartCall> Starts => [.. started];

    public int Calls => authenticated.Count + started.Count;

    /// <summary>Completes at the first conference start.</summary>
    public Task StartCalled => startCalled.Task;

    public void OnAuthenticate(string userId, params HuaweiCallResult<AppAuthResponse>[] answers) =>
        OnAuthenticate(userId, [.. answers.Select(Immediately)]);

    public void OnAuthenticate(string userId, params Func<CancellationToken, Task<HuaweiCallResult<AppAuthResponse>>>[] answers) =>
        authentications[userId] = new Answers<AppAuthResponse>(answers);

    /// <param name="accessToken">The token the start must carry; null for any.</param>
    public void OnStart(string? accessToken, string meetingId, string password, params HuaweiCallResult<StartConferenceResponse>[] answers) =>
        OnStart(accessToken, meetingId, password, [.. answers.Select(Immediately)]);

    public void OnStart(
        string? accessToken, string meetingId, string password, params Func<CancellationToken, Task<HuaweiCallResult<StartConferenceResponse>>>[] answers)
    {
        lock (starts)
        {
            starts.Add((accessToken, meetingId, password, new Answers<StartConferenceResponse>(answers)));
        }
    }

    public Task<HuaweiCallResult<AppAuthResponse>> AuthenticateAsync(HuaweiSignIn signIn, CancellationToken cancellationToken)
    {
        authenticated.Enqueue(signIn.UserId);
        return authentications.TryGetValue(signIn.UserId, out var answers)
            ? answers.Next(cancellationToken)
            : throw new InvalidOperationException($"Unexpected authentication of '{signIn.UserId}'.");
    }

    public Task<HuaweiCallResult<StartConferenceResponse>> StartConferenceAsync(
        string accessToken, string conferenceId, string password, CancellationToken cancellationToken)
    {
        started.Enqueue(new StartCall(accessToken, conferenceId, password));
        startCalled.TrySetResult();
        Answers<StartConferenceResponse>? answers;
        lock (starts)
        {
            // The latest arrangement that matches answers.
            answers = starts.LastOrDefault(s => (s.AccessToken is null || s.AccessToken == accessToken) && s.MeetingId == conferenceId && s.Password == password).Answers;
        }

        return answers?.Next(cancellationToken)
            ?? throw new InvalidOperationException($"Unexpected start of conference '{conferenceId}'.");
    }

    /// <summary>Answers every meeting search (in order, the last repeating); the searches asked for are kept in <see cref="Searches"/>.</summary>
    public void OnSearch(params HuaweiCallResult<SearchMeetingsResponse>[] answers) =>
        searchAnswers = new Answers<SearchMeetingsResponse>([.. answers.Select(Immediately)]);

    /// <summary>Answers every details request of <paramref name="conferenceId"/>.</summary>
    public void OnDetail(string conferenceId, params HuaweiCallResult<MeetingDetailResponse>[] answers) =>
        detailAnswers[conferenceId] = new Answers<MeetingDetailResponse>([.. answers.Select(Immediately)]);

    public IReadOnlyList<MeetingSearch> Searches => [.. searched];

    public Task<HuaweiCallResult<SearchMeetingsResponse>> SearchMeetingsAsync(string accessToken, MeetingSearch search, CancellationToken cancellationToken)
    {
        searched.Enqueue(search);
        return searchAnswers?.Next(cancellationToken) ?? throw new InvalidOperationException("Unexpected meeting search.");
    }

    public Task<HuaweiCallResult<MeetingDetailResponse>> GetMeetingDetailAsync(string accessToken, string conferenceId, CancellationToken cancellationToken) =>
        detailAnswers.TryGetValue(conferenceId, out var answers)
            ? answers.Next(cancellationToken)
            : throw new InvalidOperationException($"Unexpected details request of conference '{conferenceId}'.");

    private static Func<CancellationToken, Task<HuaweiCallResult<T>>> Immediately<T>(HuaweiCallResult<T> answer)
        where T : class => _ => Task.FromResult(answer);

    private sealed class Answers<T>(IReadOnlyList<Func<CancellationToken, Task<HuaweiCallResult<T>>>> answers)
        where T : class
    {
        private int next;

        public Task<HuaweiCallResult<T>> Next(CancellationToken cancellationToken)
        {
            var index = Math.Min(Interlocked.Increment(ref next) - 1, answers.Count - 1);
            return answers[index](cancellationToken);
        }
    }
}
