using Microsoft.Bot.Builder;
using Newtonsoft.Json;

namespace MeetingBot.Channels.BotFramework.DialogState;

/// <summary>
/// The Bot Framework storage rules both of our <see cref="IStorage"/> implementations share, as the SDK's MemoryStorage
/// has them: an <see cref="IStoreItem"/> is written only when its ETag is the stored one or <c>*</c> (or nothing is
/// stored), and gets a new ETag; other values are written unconditionally. Documents are JSON read back as the types
/// they were written from, like MemoryStorage, but only the types <see cref="StateTypes"/> allows. A document names its
/// type in a <c>$type</c>, and so does a value inside it only where the declared type does not say (the form ledger's
/// fifty entries carry none): documents written with a <c>$type</c> on every object, as before, read the same.
/// </summary>
internal sealed class StateDocument(StateTypes types)
{
    private const string AnyETag = "*";

    private readonly JsonSerializer _serializer = new()
    {
        TypeNameHandling = TypeNameHandling.Auto,
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

    /// <summary>
    /// The document to store for <paramref name="value"/>, serialized once. A store item is serialized with its new ETag:
    /// set on the item for that moment only, so the caller's item keeps the ETag it was read with.
    /// </summary>
    public Write ForWrite(object value)
    {
        if (value is not IStoreItem item)
        {
            return new Write(Serialize(value), ChecksETag: false, ExpectedETag: null, NewETag: string.Empty);
        }

        var expected = item.ETag;
        var newETag = Guid.NewGuid().ToString("N");
        item.ETag = newETag;
        try
        {
            return new Write(Serialize(value), ChecksETag: true, expected, newETag);
        }
        finally
        {
            item.ETag = expected;
        }
    }

    /// <summary>Compact JSON with the value's <c>$type</c> at the top (declared as <see cref="object"/>, it always gets one).</summary>
    private string Serialize(object value)
    {
        using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        using (var writer = new JsonTextWriter(text))
        {
            _serializer.Serialize(writer, value, typeof(object));
        }

        return text.ToString();
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
