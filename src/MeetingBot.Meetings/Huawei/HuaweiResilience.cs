using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace MeetingBot.Meetings.Huawei;

/// <summary>
/// The resilience pipeline of the Huawei client only (not a global default that would also wrap the Bot Connector's clients):
/// retries of what is safe to retry (network failures, 502/503/504; never a 4xx, never a timeout), and a per-attempt timeout.
/// The whole activation's deadline is not here: <see cref="Activation.DeadlineStage"/> sets it once, for every call of the activation.
/// App ID authentication is retried here too: <see cref="AppAuthSigningHandler"/>, added inside the retry, signs each attempt afresh.
/// </summary>
internal static class HuaweiResilience
{
    public const string PipelineName = "huawei-meeting";

    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, HuaweiMeetingOptions options)
    {
        if (options.MaxRetries > 0)
        {
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                // A throttled or failing Huawei says how long to wait; waiting that long inside a chat turn helps nobody.
                ShouldRetryAfterHeader = false,
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
            });
        }

        pipeline.AddTimeout(options.RequestTimeout);
    }

    internal static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException } => true,
        { Result.StatusCode: HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout } => true,
        _ => false,
    };
}
