using System.Globalization;
using System.Net.Http.Headers;

namespace MeetingBot.Meetings.Huawei;

/// <summary>Reads when to try again from a throttled answer: <c>Retry-After</c>, else Huawei API Gateway's <c>X-APIG-Ratelimit-*</c>.</summary>
public static class RetryAfter
{
    public const string ApigRateLimitHeaderPrefix = "X-APIG-Ratelimit";

    public static TimeSpan? FromHeaders(HttpResponseHeaders headers, DateTimeOffset now)
    {
        if (headers.RetryAfter is { } retryAfter)
        {
            if (retryAfter.Delta is { } delta)
            {
                return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
            }

            if (retryAfter.Date is { } date)
            {
                var wait = date - now;
                return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
            }
        }

        TimeSpan? longest = null;
        foreach (var header in headers)
        {
            if (!header.Key.StartsWith(ApigRateLimitHeaderPrefix, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            foreach (var value in header.Value)
            {
                if (FromApigRateLimit(value) is { } window && (longest is null || window > longest))
                {
                    longest = window;
                }
            }
        }

        return longest;
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
