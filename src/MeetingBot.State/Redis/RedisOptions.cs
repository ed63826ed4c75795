using StackExchange.Redis;

namespace MeetingBot.State.Redis;

/// <summary>How the app signs in to Redis (<c>Redis:Authentication</c>).</summary>
public enum RedisAuthentication
{
    /// <summary>With the password in the connection string, if it has one (a local <c>redis-server</c> needs none).</summary>
    AccessKey,

    /// <summary>
    /// With Microsoft Entra tokens of a managed identity: the identity's object id as the user, the token as the password
    /// (Azure Managed Redis with access keys off).
    /// </summary>
    ManagedIdentity,
}

/// <summary>The <c>Redis</c> section. Empty connection string: every piece of state stays in process memory.</summary>
public sealed class RedisOptions
{
    public const string SectionName = "Redis";

    public const string ConnectionStringKey = SectionName + ":" + nameof(ConnectionString);
    public const string AuthenticationKey = SectionName + ":" + nameof(Authentication);
    public const string ManagedIdentityClientIdKey = SectionName + ":" + nameof(ManagedIdentityClientId);

    /// <summary>StackExchange.Redis connection string (environment variable <c>Redis__ConnectionString</c>); a secret when it holds a password.</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary><see cref="RedisAuthentication.AccessKey"/> (the default, also when empty) or <see cref="RedisAuthentication.ManagedIdentity"/>.</summary>
    public string Authentication { get; set; } = nameof(RedisAuthentication.AccessKey);

    /// <summary>
    /// With <see cref="RedisAuthentication.ManagedIdentity"/>: the client id of the user-assigned identity whose tokens sign
    /// in to Redis. Empty: the app's own identity (the host decides which, see <c>StateExtensions</c>).
    /// </summary>
    public string ManagedIdentityClientId { get; set; } = string.Empty;

    /// <summary>
    /// Base64 of a PKCS#12 (PFX) certificate with its private key, without a password: it encrypts the Data Protection
    /// keys kept in Redis, which in turn encrypt the access tokens there. Required when <see cref="ConnectionString"/> is set.
    /// </summary>
    public string DataProtectionCertificate { get; set; } = string.Empty;

    public bool IsEnabled => !string.IsNullOrWhiteSpace(ConnectionString);

    /// <summary>The configured way to sign in; null when <see cref="Authentication"/> names none of them.</summary>
    public RedisAuthentication? AuthenticationKind => string.IsNullOrWhiteSpace(Authentication)
        ? RedisAuthentication.AccessKey
        : Enum.GetValues<RedisAuthentication>().Cast<RedisAuthentication?>()
            .FirstOrDefault(kind => string.Equals(kind.ToString(), Authentication.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>What is wrong with the section, one sentence per key; empty when the app can sign in with it.</summary>
    public IReadOnlyList<string> Problems()
    {
        if (AuthenticationKind is not { } kind)
        {
            return [$"{AuthenticationKey} is '{Authentication}', which is none of {string.Join(", ", Enum.GetNames<RedisAuthentication>())}."];
        }

        if (!IsEnabled)
        {
            return [];
        }

        var problems = new List<string>();
        var hasClientId = !string.IsNullOrWhiteSpace(ManagedIdentityClientId);
        if (kind == RedisAuthentication.AccessKey && hasClientId)
        {
            problems.Add($"{ManagedIdentityClientIdKey} is set, but {AuthenticationKey} is {RedisAuthentication.AccessKey}: set "
                + $"{AuthenticationKey}={RedisAuthentication.ManagedIdentity} to sign in with that identity, or remove {ManagedIdentityClientIdKey}.");
        }

        if (kind == RedisAuthentication.ManagedIdentity)
        {
            var parsed = ConfigurationOptions.Parse(ConnectionString);
            if (!string.IsNullOrEmpty(parsed.Password))
            {
                problems.Add($"{ConnectionStringKey} holds a password, but with {AuthenticationKey}={RedisAuthentication.ManagedIdentity} "
                    + "the password is a Microsoft Entra token: remove password=… from the connection string.");
            }

            if (!string.IsNullOrEmpty(parsed.User))
            {
                problems.Add($"{ConnectionStringKey} names a user, but with {AuthenticationKey}={RedisAuthentication.ManagedIdentity} "
                    + "the user is the identity's object id: remove user=… from the connection string.");
            }

            if (hasClientId && !Guid.TryParse(ManagedIdentityClientId.Trim(), out _))
            {
                problems.Add($"{ManagedIdentityClientIdKey} is '{ManagedIdentityClientId}', which is not a client id (a GUID).");
            }
        }

        return problems;
    }
}
