using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace MeetingBot.Testing;

/// <summary>
/// An RSA key a test owns, with its key id, that signs JWTs (RS256), and, for the Bot Framework, the channels it is
/// endorsed for (the <c>endorsements</c> a channel key carries in the key set). Published only where a test puts it.
/// </summary>
public sealed class SigningKey : IDisposable
{
    private readonly RSA rsa = RSA.Create(2048);

    private SigningKey(IReadOnlyList<string> endorsements) => Endorsements = endorsements;

    public string KeyId { get; } = Guid.NewGuid().ToString("N");

    public IReadOnlyList<string> Endorsements { get; }

    /// <param name="endorsements">Channel ids (<c>msteams</c>, <c>webchat</c>…) the key may sign for.</param>
    public static SigningKey Create(params string[] endorsements) => new(endorsements);

    /// <summary>A compact JWT of <paramref name="claims"/> (numbers, strings, arrays as given), signed with this key.</summary>
    public string Sign(IReadOnlyDictionary<string, object> claims)
    {
        var header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["alg"] = "RS256", ["typ"] = "JWT", ["kid"] = KeyId }));
        var payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));
        var signature = rsa.SignData(Encoding.ASCII.GetBytes($"{header}.{payload}"), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{header}.{payload}.{Base64Url(signature)}";
    }

    /// <summary>The public key as a JSON Web Key, with its endorsements when it has any.</summary>
    public Dictionary<string, object> PublicJwk()
    {
        var parameters = rsa.ExportParameters(includePrivateParameters: false);
        var jwk = new Dictionary<string, object>
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["alg"] = "RS256",
            ["kid"] = KeyId,
            ["n"] = Base64Url(parameters.Modulus!),
            ["e"] = Base64Url(parameters.Exponent!),
        };
        if (Endorsements.Count > 0)
        {
            jwk["endorsements"] = Endorsements;
        }

        return jwk;
    }

    /// <summary>Whether <paramref name="jwt"/> carries a valid signature of this key.</summary>
    public bool HasSigned(string jwt)
    {
        var parts = jwt.Split('.');
        return parts.Length == 3 && rsa.VerifyData(
            Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), Base64UrlDecode(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    /// <summary>The claims of <paramref name="jwt"/> (not checked: see <see cref="HasSigned"/>).</summary>
    public static JsonElement Claims(string jwt) =>
        JsonDocument.Parse(Base64UrlDecode(jwt.Split('.')[1])).RootElement.Clone();

    public void Dispose() => rsa.Dispose();

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] Base64UrlDecode(string text)
    {
        var base64 = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '='));
    }
}
