using Microsoft.Extensions.Http;

namespace MeetingBot.Meetings.Telemetry;

/// <summary>
/// Puts <see cref="HuaweiRequestMetricsHandler"/> innermost on the Huawei client, after every handler the client's
/// composition added (retries, timeouts, the rate-limit gate), whatever order they were registered in.
/// </summary>
public sealed class HuaweiRequestMetricsFilter : IHttpMessageHandlerBuilderFilter
{
    public Action<HttpMessageHandlerBuilder> Configure(Action<HttpMessageHandlerBuilder> next) => builder =>
    {
        next(builder);
        if (builder.Name == MeetingActivationServiceCollectionExtensions.HuaweiHttpClientName)
        {
            builder.AdditionalHandlers.Add(new HuaweiRequestMetricsHandler());
        }
    };
}
