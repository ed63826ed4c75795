namespace MeetingBot.Channels.Slack;

/// <summary>Slack mrkdwn helpers: user-supplied values are escaped so they cannot become mentions or links.</summary>
public static class SlackMrkdwn
{
    public static string Escape(string? value) =>
        (value ?? string.Empty).Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>Inline code, for values people copy (region IP, error code). Backticks cannot be nested, so they are dropped.</summary>
    public static string Code(string? value) => $"`{Escape(value).Replace("`", string.Empty, StringComparison.Ordinal)}`";

    public static string Bold(string value) => $"*{value}*";

    /// <summary>A user mention; Slack user ids are upper-case letters and digits, anything else is not trusted.</summary>
    public static string? Mention(string userId) =>
        userId.Length > 0 && userId.All(char.IsAsciiLetterOrDigit) ? $"<@{userId}>" : null;

    /// <summary>A date Slack shows in the reader's own time zone, with a UTC fallback for old clients and notifications.</summary>
    public static string Date(DateTimeOffset when) =>
        $"<!date^{when.ToUnixTimeSeconds()}^{{date_short_pretty}} {{time}}|{PlainDate(when)}>";

    public static string PlainDate(DateTimeOffset when) =>
        when.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture);
}
