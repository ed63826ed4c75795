using System.Buffers.Text;
using System.Text.Json;
using Azure.Core;
using Azure.Identity;

namespace MeetingBot.State.Redis.EntraId;

/// <summary>
/// A Microsoft Entra access token for Redis and the Redis user it signs in as: the identity's object id, the token's
/// <c>oid</c> claim (Azure Managed Redis names an access policy's user after it). A class, not a record: nothing prints
/// the token by accident.
/// </summary>
public sealed class RedisEntraToken
{
    private RedisEntraToken(string value, string objectId, DateTimeOffset expiresOn)
    {
        Value = value;
        ObjectId = objectId;
        ExpiresOn = expiresOn;
    }

    /// <summary>The token itself: the password (a secret).</summary>
    public string Value { get; }

    /// <summary>The Redis user: the identity's object id.</summary>
    public string ObjectId { get; }

    public DateTimeOffset ExpiresOn { get; }

    /// <summary>The token with the object id read from its payload (the signature is Redis's to check, not ours).</summary>
    /// <exception cref="AuthenticationFailedException">The token is not a JWT with an <c>oid</c> claim.</exception>
    public static RedisEntraToken From(AccessToken token) => new(token.Token, ObjectIdOf(token.Token), token.ExpiresOn);

    public override string ToString() => $"Microsoft Entra token of {ObjectId}, valid until {ExpiresOn:O}";

    private static string ObjectIdOf(string jwt)
    {
        var parts = jwt.Split('.');
        if (parts.Length == 3)
        {
            try
            {
                using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
                if (payload.RootElement.ValueKind == JsonValueKind.Object
                    && payload.RootElement.TryGetProperty("oid", out var oid)
                    && oid.ValueKind == JsonValueKind.String
                    && !string.IsNullOrWhiteSpace(oid.GetString()))
                {
                    return oid.GetString()!;
                }
            }
            catch (Exception e) when (e is FormatException or JsonException)
            {
                // Not a JWT: refused below, without the token's text.
            }
        }

        throw new AuthenticationFailedException("The Microsoft Entra token for Redis is not a JWT with an oid claim (the identity's object id, the Redis user).");
    }
}
