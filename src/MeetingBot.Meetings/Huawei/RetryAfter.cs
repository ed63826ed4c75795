using System.Globalization;
using System.Net.Http.Headers;

namespace MeetingBot.Meetings.Huawei;

/// <summary>Reads when to try again from a throttled answer: <c>Retry-After</c>, else Huawei API Gateway's <c>X-APIG-Ratelimit-*</c>.</summary>
public static class RetryAfter
{
    public const string ApigRateLimitHeaderPrefix = "X-APIG-Ratelimit";

    /// <summary>Huawei's own word (<c>Retry-After</c>) if it gave one, else the longest exhausted gateway window.</summary>
    public static TimeSpan? FromHeaders(HttpResponseHeaders headers, DateTimeOffset now) =>
        FromRetryAfterHeader(headers, now) ?? FromApigRateLimits(headers).Select(limit => (TimeSpan?)limit.Window).Max();

    /// <summary>The <c>Retry-After</c> header, as seconds or as a date; null when absent.</summary>
    public static TimeSpan? FromRetryAfterHeader(HttpResponseHeaders headers, DateTimeOffset now)
    {
        if (headers.RetryAfter?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (headers.RetryAfter?.Date is { } date)
        {
            var wait = date - now;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    /// <summary>Every exhausted <c>X-APIG-Ratelimit-*</c> limit of the answer: which header, and the window to wait.</summary>
    public static IEnumerable<(string Header, TimeSpan Window)> FromApigRateLimits(HttpResponseHeaders headers)
    {
        foreach (var (header, values) in headers)
        {
            if (!header.StartsWith(ApigRateLimitHeaderPrefix, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            foreach (var value in values)
            {
                if (FromApigRateLimit(value) is { } window)
                {
                    yield return (header, window);
                }
            }
        }
    }

    /// <summary>
    /// Parses an API Gateway limit such as <c>remain:0,limit:10,time:1 minute</c>. When nothing remains,
    /// the window length is the longest one must wait; with requests remaining there is nothing to wait for.
    /// </summary>
    public static TimeSpan? FromApigRateLimit(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        long? remain = null;
        TimeSpan? window = null;
        foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var separator = part.IndexOf(':', StringComparison.Ordinal);
            if (separator <= 0)
            {
                continue;
            }

            var key = part[..separator].Trim();
            var text = part[(separator + 1)..].Trim();
            if (key.Equals("remain", StringComparison.OrdinalIgnoreCase)
                && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var remaining))
            {
                remain = remaining;
            }
            else if (key.Equals("time", StringComparison.OrdinalIgnoreCase))
            {
                window = ParseWindow(text);
            }
        }

        return remain is <= 0 ? window : null;
    }

    private static TimeSpan? ParseWindow(string text)
    {
        var pieces = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (pieces.Length != 2 || !int.TryParse(pieces[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) || count < 0)
        {
            return null;
        }

        return pieces[1].ToUpperInvariant().TrimEnd('S') switch
        {
            "SECOND" => TimeSpan.FromSeconds(count),
            "MINUTE" => TimeSpan.FromMinutes(count),
            "HOUR" => TimeSpan.FromHours(count),
            "DAY" => TimeSpan.FromDays(count),
            _ => null,
        };
    }
}
