using Microsoft.Bot.Builder;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace MeetingBot.State;

/// <summary>
/// The Bot Framework storage rules both of our <see cref="IStorage"/> implementations share, as the SDK's MemoryStorage
/// has them: an <see cref="IStoreItem"/> is written only when its ETag is the stored one or <c>*</c> (or nothing is
/// stored), and gets a new ETag; other values are written unconditionally. Unlike MemoryStorage, documents are read back
/// as JObjects (which BotState accepts), never as the types named inside them: whoever can write to Redis must not be
/// able to choose what the bot instantiates.
/// </summary>
internal static class StateDocument
{
    private const string ETagProperty = "ETag";
    private const string AnyETag = "*";

    private static readonly JsonSerializer Serializer = new()
    {
        TypeNameHandling = TypeNameHandling.None,
        ReferenceLoopHandling = ReferenceLoopHandling.Error,
    };

    // Strings stay strings when read back (no date guessing), so a value round-trips exactly.
    private static readonly JsonSerializerSettings ReadSettings = new() { DateParseHandling = DateParseHandling.None };

    /// <summary>What one write asks for. <see cref="Json"/> already holds <see cref="NewETag"/> when the item carries one.</summary>
    public readonly record struct Write(string Json, bool ChecksETag, string? ExpectedETag, string NewETag)
    {
        /// <summary>Whether this write must be refused, given the ETag stored now (null when nothing or no ETag is stored).</summary>
        public bool ConflictsWith(string? storedETag) =>
            ChecksETag && !string.IsNullOrEmpty(storedETag) && ExpectedETag != AnyETag && ExpectedETag != storedETag;
    }

    public static Write ForWrite(object value)
    {
        var document = JObject.FromObject(value, Serializer);
        var checks = value is IStoreItem;
        var expected = (value as IStoreItem)?.ETag;

        var newETag = checks ? Guid.NewGuid().ToString("N") : string.Empty;
        if (checks)
        {
            document[ETagProperty] = newETag;
        }

        return new Write(document.ToString(Formatting.None), checks, expected, newETag);
    }

    public static JObject Read(string json) => JsonConvert.DeserializeObject<JObject>(json, ReadSettings)!;

    /// <summary>The exception the SDK's MemoryStorage throws for a stale write, so callers that handle it handle ours.</summary>
    public static ArgumentException Conflict(string key) =>
        new($"Etag conflict. The state stored under '{key}' changed since it was read.");
}
