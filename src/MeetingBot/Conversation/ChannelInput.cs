using System.Security.Cryptography;
using System.Text;
using MeetingBot.Meetings;

namespace MeetingBot.Conversation;

/// <summary>
/// The one cleaning step for ids and names a channel supplies, applied where they enter (when the <see cref="ChatUser"/>
/// is built), so every log line downstream gets them clean: control characters and line breaks dropped (no forged log
/// lines), length bounded.
/// </summary>
public static class ChannelInput
{
    public const int MaxLength = 200;

    /// <summary>
    /// An id, cleaned. An id the cleaning changed keeps a short hash of the original, so two different raw ids never
    /// become the same user (and share a Huawei token or a lockout).
    /// </summary>
    public static string Id(string id)
    {
        var clean = Clean(id);
        if (clean == id)
        {
            return id;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)), 0, 4);
        return $"{clean}#{hash}";
    }

    /// <summary>An optional id, cleaned; null when it is missing or blank.</summary>
    public static string? OptionalId(string? id) => string.IsNullOrWhiteSpace(id) ? null : Id(id);

    /// <summary>A display name, cleaned; null when it is missing or blank.</summary>
    public static string? Name(string? name) => string.IsNullOrWhiteSpace(name) ? null : Clean(name);

    /// <summary>Control characters dropped, cut to <see cref="MaxLength"/> characters.</summary>
    public static string Clean(string value)
    {
        var clean = value.Any(char.IsControl) ? string.Concat(value.Where(c => !char.IsControl(c))) : value;
        return clean.Length <= MaxLength ? clean : string.Concat(clean.AsSpan(0, MaxLength), "…");
    }

    /// <summary>The one way a channel adapter names the person on whose behalf it acts.</summary>
    public static ChatUser ChatUser(string channelId, string? tenantId, string userId, string? aadObjectId = null, string? displayName = null) =>
        new(Id(channelId), OptionalId(tenantId), Id(userId), OptionalId(aadObjectId), Name(displayName));
}
