namespace MeetingBot.State.Redis;

/// <summary>The <c>Redis</c> section. Empty connection string: every piece of state stays in process memory.</summary>
public sealed class RedisOptions
{
    public const string SectionName = "Redis";

    /// <summary>StackExchange.Redis connection string (environment variable <c>Redis__ConnectionString</c>); a secret when it holds a password.</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>
    /// Base64 of a PKCS#12 (PFX) certificate with its private key, without a password: it encrypts the Data Protection
    /// keys kept in Redis, which in turn encrypt the access tokens there. Required when <see cref="ConnectionString"/> is set.
    /// </summary>
    public string DataProtectionCertificate { get; set; } = string.Empty;

    public bool IsEnabled => !string.IsNullOrWhiteSpace(ConnectionString);
}
