using System.Globalization;
using System.Net.Http.Headers;

namespace MeetingBot.Meetings.Protection;

/// <summary>
/// One limit that Huawei's API gateway (APIG) announces in an <c>X-APIG-Ratelimit-*</c> response header, for
/// example <c>X-APIG-Ratelimit-Api: remain:99,limit:100,time:1 minute</c>: calls left, calls allowed, and the window.
/// </summary>
public sealed record ApigRateLimit(string Header, ApigRateLimitScope Scope, int Remain, int Limit, TimeSpan Window)
{
    private const string HeaderPrefix = "X-APIG-Ratelimit-";

    /// <summary>The limits announced in the headers, with the scope each applies to.</summary>
    public static IEnumerable<ApigRateLimit> ReadAll(HttpResponseHeaders headers)
    {
        foreach (var (name, values) in headers)
        {
            if (!name.StartsWith(HeaderPrefix, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            foreach (var value in values)
            {
                if (TryParse(name, value, out var limit))
                {
                    yield return limit;
                }
            }
        }
    }

    /// <summary>Parses <c>remain:9,limit:10,time:10 second</c>; false for anything else.</summary>
    public static bool TryParse(string header, string? value, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ApigRateLimit? limit)
    {
        limit = null;
        int? remain = null, allowed = null;
        TimeSpan? window = null;
        foreach (var part in (value ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                return false;
            }

            var key = part[..colon].Trim();
            var text = part[(colon + 1)..].Trim();
            if (key.Equals("remain", StringComparison.OrdinalIgnoreCase) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var r))
            {
                remain = r;
            }
            else if (key.Equals("limit", StringComparison.OrdinalIgnoreCase) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var l))
            {
                allowed = l;
            }
            else if (key.Equals("time", StringComparison.OrdinalIgnoreCase))
            {
                window = ParseWindow(text);
            }
        }

        if (remain is null || allowed is null || window is null)
        {
            return false;
        }

        limit = new ApigRateLimit(header, ScopeOf(header), remain.Value, allowed.Value, window.Value);
        return true;
    }

    /// <summary>"10 second", "1 minute", "1 hour", "1 day" (plurals too).</summary>
    private static TimeSpan? ParseWindow(string text)
    {
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count <= 0)
        {
            return null;
        }

        return parts[1].TrimEnd('s', 'S').ToUpperInvariant() switch
        {
            "SECOND" => TimeSpan.FromSeconds(count),
            "MINUTE" => TimeSpan.FromMinutes(count),
            "HOUR" => TimeSpan.FromHours(count),
            "DAY" => TimeSpan.FromDays(count),
            _ => null,
        };
    }

    // -Api and -Api-Allenv limit one API; -User, -App and -Ip limit every API the caller uses.
    private static ApigRateLimitScope ScopeOf(string header) =>
        header[HeaderPrefix.Length..].StartsWith("Api", StringComparison.OrdinalIgnoreCase)
            ? ApigRateLimitScope.Endpoint
            : ApigRateLimitScope.AllEndpoints;
}

public enum ApigRateLimitScope
{
    Endpoint,
    AllEndpoints,
}
