using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace MeetingBot.Channels.Slack;

/// <summary>
/// Checks Slack's request signature: <c>X-Slack-Signature: v0=hex(HMAC-SHA256(signingSecret, "v0:" + timestamp + ":" + rawBody))</c>,
/// with <c>X-Slack-Request-Timestamp</c> no further than five minutes from now in either direction (replay protection).
/// </summary>
public sealed class SlackSignatureVerifier
{
    public const string SignatureHeader = "X-Slack-Signature";
    public const string TimestampHeader = "X-Slack-Request-Timestamp";
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    private const string VersionPrefix = "v0=";
    private const int HashBytes = 32;

    private readonly byte[] _key;
    private readonly TimeProvider _time;

    public SlackSignatureVerifier(IOptions<SlackOptions> options, TimeProvider time)
    {
        _key = Encoding.UTF8.GetBytes(options.Value.SigningSecret ?? string.Empty);
        _time = time;
    }

    public SlackSignatureCheck Verify(string? timestamp, string? signature, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature))
        {
            return SlackSignatureCheck.MissingHeaders;
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return SlackSignatureCheck.MalformedTimestamp;
        }

        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        if (Math.Abs(now - seconds) > MaxClockSkew.TotalSeconds)
        {
            return SlackSignatureCheck.StaleTimestamp;
        }

        Span<byte> claimed = stackalloc byte[HashBytes];
        if (!TryReadSignature(signature, claimed))
        {
            return SlackSignatureCheck.MalformedSignature;
        }

        Span<byte> expected = stackalloc byte[HashBytes];
        ComputeSignature(timestamp, body, expected);

        return CryptographicOperations.FixedTimeEquals(expected, claimed)
            ? SlackSignatureCheck.Valid
            : SlackSignatureCheck.Mismatch;
    }

    private void ComputeSignature(string timestamp, ReadOnlySpan<byte> body, Span<byte> destination)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
        hmac.AppendData("v0:"u8);
        hmac.AppendData(Encoding.ASCII.GetBytes(timestamp));
        hmac.AppendData(":"u8);
        hmac.AppendData(body);
        hmac.GetHashAndReset(destination);
    }

    private static bool TryReadSignature(string signature, Span<byte> destination)
    {
        if (!signature.StartsWith(VersionPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var hex = signature.AsSpan(VersionPrefix.Length);
        return hex.Length == HashBytes * 2
            && Convert.FromHexString(hex, destination, out _, out var written) == OperationStatus.Done
            && written == HashBytes;
    }
}
