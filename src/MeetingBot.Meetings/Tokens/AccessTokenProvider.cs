using System.Collections.Concurrent;
using MeetingBot.Meetings.Huawei;
using MeetingBot.Meetings.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MeetingBot.Meetings.Tokens;

/// <summary>
/// Hands out each user's Huawei access token: reused from the store until a margin before the expiry Huawei announced,
/// otherwise obtained by App ID authentication — once per user however many activations wait for it (single flight),
/// while other users' authentications proceed independently. Tokens are keyed by user and enterprise (<see cref="SignInSubject.TokenKey"/>).
/// With several replicas the flight also takes the user's <see cref="ISignInLock"/> and reads the shared store again
/// before calling Huawei, so one sign-in serves every replica.
/// </summary>
internal sealed class AccessTokenProvider(
    IHuaweiMeetingApi api,
    IAccessTokenStore store,
    ISignInLock signInLock,
    SignInProfile profile,
    IOptions<HuaweiMeetingOptions> options,
    TimeProvider timeProvider,
    MeetingBotMetrics metrics,
    ILogger<AccessTokenProvider> logger)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<HuaweiCallResult<AccessToken>>>> _flights = new(StringComparer.Ordinal);

    public async Task<HuaweiCallResult<AccessToken>> GetAsync(SignInSubject subject, CancellationToken cancellationToken)
    {
        var cached = await FindUsableAsync(subject.TokenKey, cancellationToken);
        metrics.TokenLookedUp(hit: cached is not null);
        if (cached is not null)
        {
            return HuaweiCallResult<AccessToken>.Success(cached, null);
        }

        // A caller that gives up stops waiting; the shared authentication goes on for the others (bounded by the client's timeout).
        return await JoinFlight(subject).WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Calls Huawei with the user's token. When Huawei rejects the token (401, or a code saying it is invalid or expired)
    /// before we expected it to expire, the token is forgotten, the user signs in again and the call is made once more.
    /// </summary>
    public async Task<UserTokenCall<T>> CallAsync<T>(
        SignInSubject subject, Func<string, CancellationToken, Task<HuaweiCallResult<T>>> call, CancellationToken cancellationToken)
        where T : class
    {
        var retriedWithNewToken = false;
        while (true)
        {
            var token = await GetAsync(subject, cancellationToken);
            if (token.Failure is { } signInFailure)
            {
                return UserTokenCall<T>.SignInFailed(signInFailure);
            }

            var answer = await call(token.Value!.Value, cancellationToken);
            if (!retriedWithNewToken && answer.Failure is { } failure && IsTokenRejected(failure))
            {
                logger.LogInformation("Huawei rejected the token of {UserKey} ({ErrorCode}); authenticating again", subject.TokenKey, failure.ErrorCode);
                await DropAsync(subject.TokenKey, token.Value, cancellationToken);
                retriedWithNewToken = true;
                continue;
            }

            return UserTokenCall<T>.Answered(answer);
        }
    }

    private static bool IsTokenRejected(HuaweiFailure failure) =>
        failure.Kind == HuaweiFailureKind.HttpError
        && (failure.StatusCode == 401 || HuaweiErrorCodes.MeansTokenRejected(failure.ErrorCode));

    /// <summary>Forgets <paramref name="rejected"/> if it is still the user's token (a concurrent call may have replaced it already).</summary>
    public Task DropAsync(string tokenKey, AccessToken rejected, CancellationToken cancellationToken) =>
        store.RemoveIfCurrentAsync(tokenKey, rejected, cancellationToken).AsTask();

    public Task ForgetAsync(string tokenKey, CancellationToken cancellationToken) =>
        store.RemoveAsync(tokenKey, cancellationToken).AsTask();

    private Task<HuaweiCallResult<AccessToken>> JoinFlight(SignInSubject subject)
    {
        Lazy<Task<HuaweiCallResult<AccessToken>>>? mine = null;
        mine = new Lazy<Task<HuaweiCallResult<AccessToken>>>(() => AuthenticateAsync(subject, mine!));
        return _flights.GetOrAdd(subject.TokenKey, mine).Value;
    }

    private async Task<HuaweiCallResult<AccessToken>> AuthenticateAsync(SignInSubject subject, Lazy<Task<HuaweiCallResult<AccessToken>>> flight)
    {
        var userKey = subject.TokenKey;
        try
        {
            await using var heldLock = await TakeSignInLockAsync(userKey);
            if (heldLock is null)
            {
                return HuaweiCallResult<AccessToken>.Failed(new HuaweiFailure(HuaweiFailureKind.Timeout));
            }

            // A flight that landed between our cache miss and joining, or another replica's, may already have stored a token.
            if (await FindUsableAsync(userKey, CancellationToken.None) is { } cached)
            {
                return HuaweiCallResult<AccessToken>.Success(cached, null);
            }

            // The profile is read here, once per sign-in: a cached token never waits for a roster lookup.
            var (userName, userEmail) = await profile.ForAsync(subject.User);
            var signIn = new HuaweiSignIn(subject.Enterprise, subject.HuaweiUserId, userName, userEmail);
            var answer = await api.AuthenticateAsync(signIn, CancellationToken.None);
            if (answer.Failure is { } failure)
            {
                metrics.SignedIn(SignInResult(failure.Kind));
                return HuaweiCallResult<AccessToken>.Failed(failure);
            }

            var now = timeProvider.GetUtcNow();
            if (ToToken(answer.Value!, now) is not { } token)
            {
                metrics.SignedIn(SignInResult(HuaweiFailureKind.MalformedResponse));
                return HuaweiCallResult<AccessToken>.Failed(
                    new HuaweiFailure(HuaweiFailureKind.MalformedResponse, 200, null, answer.RequestId));
            }

            var timeToLive = token.ExpiresAt - options.Value.TokenExpiryMargin - now;
            if (timeToLive > TimeSpan.Zero)
            {
                await store.SetAsync(userKey, token, timeToLive, CancellationToken.None);
            }
            else
            {
                logger.LogWarning("Huawei issued a token valid for less than the expiry margin for {UserKey}; it is used once and not cached", userKey);
            }

            metrics.SignedIn("success");
            logger.LogInformation("Authenticated {UserKey} with Huawei; token usable until {UsableUntil:O} (request {RequestId})",
                userKey, token.ExpiresAt - options.Value.TokenExpiryMargin, answer.RequestId);
            return HuaweiCallResult<AccessToken>.Success(token, answer.RequestId);
        }
        finally
        {
            _flights.TryRemove(new KeyValuePair<string, Lazy<Task<HuaweiCallResult<AccessToken>>>>(userKey, flight));
        }
    }

    /// <summary>
    /// Waits for the user's sign-in lock no longer than an activation may last (its callers stop waiting then anyway);
    /// null when another replica's sign-in still holds it.
    /// </summary>
    private async Task<IAsyncDisposable?> TakeSignInLockAsync(string userKey)
    {
        try
        {
            return await signInLock.AcquireAsync(userKey, options.Value.ActivationTimeout, CancellationToken.None);
        }
        catch (TimeoutException)
        {
            logger.LogWarning("Another sign-in of {UserKey} held the sign-in lock past the activation deadline", userKey);
            return null;
        }
    }

    private static string SignInResult(HuaweiFailureKind kind) =>
        kind == HuaweiFailureKind.HttpError ? "rejected" : TelemetryValues.SnakeCase(kind.ToString());

    private async Task<AccessToken?> FindUsableAsync(string userKey, CancellationToken cancellationToken)
    {
        var token = await store.GetAsync(userKey, cancellationToken);
        return token is not null && timeProvider.GetUtcNow() < token.ExpiresAt - options.Value.TokenExpiryMargin ? token : null;
    }

    /// <summary>
    /// The expiry comes from the answer, never assumed: the earlier of <c>validPeriod</c> (seconds from now) and
    /// <c>expireTime</c> (a Unix timestamp, milliseconds or seconds). Without either the token is good for this call only.
    /// </summary>
    internal static AccessToken? ToToken(AppAuthResponse answer, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(answer.AccessToken))
        {
            return null;
        }

        DateTimeOffset? expiresAt = null;
        if (answer.ValidPeriod is { } seconds && seconds > 0)
        {
            expiresAt = now.AddSeconds(seconds);
        }

        if (answer.ExpireTime is { } stamp && stamp > 0)
        {
            const long MillisecondsThreshold = 100_000_000_000; // seconds since 1970 pass this only in the year 5138
            var absolute = stamp >= MillisecondsThreshold
                ? DateTimeOffset.FromUnixTimeMilliseconds(stamp)
                : DateTimeOffset.FromUnixTimeSeconds(stamp);
            expiresAt = expiresAt is null || absolute < expiresAt ? absolute : expiresAt;
        }

        return new AccessToken(answer.AccessToken, expiresAt ?? now);
    }
}
