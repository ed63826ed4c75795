using System.Globalization;
using Newtonsoft.Json.Linq;

namespace MeetingBot.Channels.BotFramework;

/// <summary>
/// Reads plain values from JSON a client sent, where any field may hold an array or an object instead
/// (<c>JToken.Value&lt;string&gt;()</c> throws on those).
/// </summary>
public static class LenientJson
{
    public static string? Text(JToken? token) =>
        token is JValue { Value: { } value } ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;

    public static bool IsTrue(JToken? token) => token is JValue { Value: true };
}
