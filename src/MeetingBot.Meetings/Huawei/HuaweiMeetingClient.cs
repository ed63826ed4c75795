using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Polly.Timeout;

namespace MeetingBot.Meetings.Huawei;

/// <summary>
/// Typed client for Huawei Cloud Meeting over the named <see cref="HttpClientName"/> client of IHttpClientFactory
/// (resilience and any handler others add live on that client). Expected failures come back as values.
/// </summary>
internal sealed class HuaweiMeetingClient(
    IHttpClientFactory httpClientFactory,
    TimeProvider timeProvider,
    ILogger<HuaweiMeetingClient> logger) : IHuaweiMeetingApi
{
    public const string HttpClientName = "HuaweiMeeting";
    public const string AppAuthPath = "/v2/usg/acs/auth/appauth";
    public const string StartConferencePath = "/v1/mmc/management/conferences/start";
    public const string SearchMeetingsPath = "/v1/mmc/management/conferences";
    public const string MeetingDetailPath = "/v1/mmc/management/conferences/confDetail";
    private const string RequestIdHeader = "X-Request-Id";

    /// <summary>
    /// App ID authentication. The request carries only what to sign; <see cref="AppAuthSigningHandler"/>, inside the
    /// resilience pipeline's retry, signs every attempt afresh, so the pipeline retries it like any other call.
    /// </summary>
    public Task<HuaweiCallResult<AppAuthResponse>> AuthenticateAsync(HuaweiSignIn signIn, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, AppAuthPath);
        request.Headers.Add("X-Token-Type", "LongTicket");
        request.Options.Set(AppAuthSigningHandler.SignInKey, signIn);
        return SendAsync(request, "appauth", HuaweiJsonContext.Default.AppAuthResponse, cancellationToken);
    }

    public Task<HuaweiCallResult<StartConferenceResponse>> StartConferenceAsync(
        string accessToken, string conferenceId, string password, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, StartConferencePath)
        {
            Content = JsonContent.Create(new StartConferenceRequest(conferenceId, password), HuaweiJsonContext.Default.StartConferenceRequest),
        };
        request.Headers.Add("X-Access-Token", accessToken);
        return SendAsync(request, "conferences/start", HuaweiJsonContext.Default.StartConferenceResponse, cancellationToken);
    }

    public Task<HuaweiCallResult<SearchMeetingsResponse>> SearchMeetingsAsync(
        string accessToken, MeetingSearch search, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, SearchMeetingsPath + search.ToQueryString());
        request.Headers.Add("X-Access-Token", accessToken);
        return SendAsync(request, "conferences/search", HuaweiJsonContext.Default.SearchMeetingsResponse, cancellationToken);
    }

    public Task<HuaweiCallResult<MeetingDetailResponse>> GetMeetingDetailAsync(
        string accessToken, string conferenceId, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"{MeetingDetailPath}?conferenceID={Uri.EscapeDataString(conferenceId)}");
        request.Headers.Add("X-Access-Token", accessToken);
        return SendAsync(request, "conferences/confDetail", HuaweiJsonContext.Default.MeetingDetailResponse, cancellationToken);
    }

    private async Task<HuaweiCallResult<T>> SendAsync<T>(
        HttpRequestMessage request, string endpoint, JsonTypeInfo<T> responseType, CancellationToken cancellationToken)
        where T : class
    {
        using var _ = request;
        var ourRequestId = Guid.NewGuid().ToString("N");
        request.Headers.Add("X-Request-ID", ourRequestId);
        var started = timeProvider.GetTimestamp();
        var http = httpClientFactory.CreateClient(HttpClientName);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
            var requestId = response.Headers.TryGetValues(RequestIdHeader, out var ids) ? ids.FirstOrDefault() ?? ourRequestId : ourRequestId;
            var status = (int)response.StatusCode;

            if (response.IsSuccessStatusCode)
            {
                var value = await response.Content.ReadFromJsonAsync(responseType, cancellationToken);
                LogAnswer(endpoint, status, null, requestId, started);
                return value is null
                    ? HuaweiCallResult<T>.Failed(new HuaweiFailure(HuaweiFailureKind.MalformedResponse, status, null, requestId))
                    : HuaweiCallResult<T>.Success(value, requestId);
            }

            var error = await ReadErrorAsync(response, cancellationToken);
            LogAnswer(endpoint, status, error?.ErrorCode, requestId, started);
            var retryAfter = RetryAfter.FromHeaders(response.Headers, timeProvider.GetUtcNow());
            return HuaweiCallResult<T>.Failed(new HuaweiFailure(HuaweiFailureKind.HttpError, status, error?.ErrorCode, requestId, retryAfter));
        }
        catch (TimeoutRejectedException)
        {
            logger.LogWarning("Huawei {Endpoint} did not answer in time (request {RequestId}, {ElapsedMs} ms)", endpoint, ourRequestId, ElapsedMs(started));
            return HuaweiCallResult<T>.Failed(new HuaweiFailure(HuaweiFailureKind.Timeout, RequestId: ourRequestId));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Huawei {Endpoint} did not answer in time (request {RequestId}, {ElapsedMs} ms)", endpoint, ourRequestId, ElapsedMs(started));
            return HuaweiCallResult<T>.Failed(new HuaweiFailure(HuaweiFailureKind.Timeout, RequestId: ourRequestId));
        }
        catch (HttpRequestException exception)
        {
            logger.LogWarning(exception, "Huawei {Endpoint} could not be reached (request {RequestId})", endpoint, ourRequestId);
            return HuaweiCallResult<T>.Failed(new HuaweiFailure(HuaweiFailureKind.Unreachable, RequestId: ourRequestId));
        }
        catch (JsonException exception)
        {
            logger.LogWarning(exception, "Huawei {Endpoint} answered a body that is not the expected JSON (request {RequestId})", endpoint, ourRequestId);
            return HuaweiCallResult<T>.Failed(new HuaweiFailure(HuaweiFailureKind.MalformedResponse, RequestId: ourRequestId));
        }
    }

    private static async Task<HuaweiErrorBody?> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync(HuaweiJsonContext.Default.HuaweiErrorBody, cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }
        catch (NotSupportedException)
        {
            // Not JSON at all (an HTML page from a proxy): the status alone decides.
            return null;
        }
    }

    private void LogAnswer(string endpoint, int status, string? errorCode, string requestId, long started) =>
        logger.LogDebug(
            "Huawei {Endpoint} answered {StatusCode} {ErrorCode} (request {RequestId}, {ElapsedMs} ms)",
            endpoint, status, errorCode, requestId, ElapsedMs(started));

    private long ElapsedMs(long started) => (long)timeProvider.GetElapsedTime(started).TotalMilliseconds;
}
