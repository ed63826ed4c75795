using System.Diagnostics.CodeAnalysis;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace MeetingBot.Channels.Slack;

/// <summary>Slack's request bodies are <c>application/x-www-form-urlencoded</c> UTF-8: their fields, as the bot reads them.</summary>
public static class SlackForm
{
    /// <summary>The fields of the body; false when it is not UTF-8. A field given twice has both values.</summary>
    public static bool TryRead(ReadOnlySpan<byte> body, [NotNullWhen(true)] out Dictionary<string, StringValues>? fields)
    {
        fields = null;
        try
        {
            fields = QueryHelpers.ParseQuery(new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body));
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>A field given once; null when it is missing or repeated.</summary>
    public static string? Field(Dictionary<string, StringValues> fields, string name) =>
        fields.TryGetValue(name, out var values) && values.Count == 1 ? values[0] : null;
}
