namespace MeetingBot.State.Redis;

/// <summary>
/// Redis Cluster, and Azure Managed Redis under either clustering policy, hash only the part of a key between its first
/// <c>{</c> and the next <c>}</c>: keys that carry the same tag share one hash slot, so one command or script may touch
/// them all. A tag is built from an identity (a user, a late outcome's shard) that may itself hold braces: those are
/// escaped, and <c>%</c> with them, so that a tag is never cut short and two identities never share one by accident.
/// </summary>
public static class HashTag
{
    /// <summary>
    /// The tag for <paramref name="identity"/>, braces included. An empty identity gets <c>{%}</c>: an empty tag would
    /// hash each whole key apart, and no escaped identity is a lone <c>%</c>.
    /// </summary>
    public static string Of(string identity)
    {
        var escaped = identity
            .Replace("%", "%25", StringComparison.Ordinal)
            .Replace("{", "%7B", StringComparison.Ordinal)
            .Replace("}", "%7D", StringComparison.Ordinal);
        return "{" + (escaped.Length == 0 ? "%" : escaped) + "}";
    }
}
