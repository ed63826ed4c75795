using Microsoft.Bot.Builder;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace MeetingBot.Channels.BotFramework.DialogState;

/// <summary>
/// The Bot Framework storage rules both of our <see cref="IStorage"/> implementations share, as the SDK's MemoryStorage
/// has them: an <see cref="IStoreItem"/> is written only when its ETag is the stored one or <c>*</c> (or nothing is
/// stored), and gets a new ETag; other values are written unconditionally. Documents are JSON with <c>$type</c>s and
/// are read back as those types, like MemoryStorage, but only the types <see cref="StateTypes"/> allows.
/// </summary>
internal sealed class StateDocument(StateTypes types)
{
    private const string ETagProperty = "ETag";
    private const string AnyETag = "*";

    private readonly JsonSerializer _serializer = new()
    {
        TypeNameHandling = TypeNameHandling.All,
        SerializationBinder = types,
        ReferenceLoopHandling = ReferenceLoopHandling.Error,
        // Strings stay strings when read back (no date guessing), so a value round-trips exactly.
        DateParseHandling = DateParseHandling.None,
    };

    /// <summary>What one write asks for. <see cref="Json"/> already holds <see cref="NewETag"/> when the item carries one.</summary>
    public readonly record struct Write(string Json, bool ChecksETag, string? ExpectedETag, string NewETag)
    {
        /// <summary>Whether this write must be refused, given the ETag stored now (null when nothing or no ETag is stored).</summary>
        public bool ConflictsWith(string? storedETag) =>
            ChecksETag && !string.IsNullOrEmpty(storedETag) && ExpectedETag != AnyETag && ExpectedETag != storedETag;
    }

    public Write ForWrite(object value)
    {
        var document = JObject.FromObject(value, _serializer);
        var checks = value is IStoreItem;
        var expected = (value as IStoreItem)?.ETag;

        var newETag = checks ? Guid.NewGuid().ToString("N") : string.Empty;
        if (checks)
        {
            document[ETagProperty] = newETag;
        }

        return new Write(document.ToString(Formatting.None), checks, expected, newETag);
    }

    public object Read(string json)
    {
        using var reader = new JsonTextReader(new StringReader(json));
        return _serializer.Deserialize(reader)!;
    }

    private const string ConflictMessageStart = "Etag conflict";

    /// <summary>The exception the SDK's MemoryStorage throws for a stale write, so callers that handle it handle ours.</summary>
    public static ArgumentException Conflict(string key) =>
        new($"{ConflictMessageStart}. The state stored under '{key}' changed since it was read.");

    /// <summary>Whether a write was refused as stale, by our storages or the SDK's (which throws a plain Exception).</summary>
    public static bool IsConflict(Exception exception) => exception.Message.StartsWith(ConflictMessageStart, StringComparison.Ordinal);
}
