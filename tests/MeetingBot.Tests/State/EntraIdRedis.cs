using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MeetingBot.Testing;
using StackExchange.Redis;

namespace MeetingBot.Tests.State;

/// <summary>What the gate of <see cref="EntraIdRedis"/> saw of one client connection.</summary>
/// <param name="Subscribed">It ran <c>SUBSCRIBE</c> (a client's pub/sub connection).</param>
/// <param name="SignIns">Tokens accepted on it (the first sign-in and every one after).</param>
/// <param name="ClosedOnExpiredToken">The gate closed it because the token it was signed in with expired.</param>
public sealed record EntraIdRedisConnection(int Id, bool Subscribed, int SignIns, string? User, bool ClosedOnExpiredToken);

/// <summary>
/// Stands in for Azure Managed Redis with Microsoft Entra ID: a real <c>redis-server</c> (its <c>default</c> user off,
/// an ACL user per identity) reached through a TCP gate on loopback (<see cref="Address"/>) that does with tokens what
/// Azure does:
/// <list type="bullet">
/// <item>on <c>AUTH &lt;user&gt; &lt;token&gt;</c> (or <c>HELLO … AUTH</c>), a token that <paramref name="identity"/> signed, for
/// <c>https://redis.azure.com</c>, unexpired, whose <c>oid</c> is the user and holds the access policy
/// (<see cref="AssignAccessPolicy"/>), becomes a password of that ACL user (<c>ACL SETUSER &lt;oid&gt; on &gt;token ~* &amp;* +@all</c>)
/// before the command reaches redis-server, which then checks it as it checks any password; any other token is not, so
/// redis-server refuses it;</item>
/// <item>when a token expires, it is removed from the user's passwords (<c>ACL SETUSER &lt;oid&gt; &lt;token</c>) and every
/// connection still signed in with it (no newer <c>AUTH</c> since) is closed.</item>
/// </list>
/// Everything is stopped on dispose: the gate's sockets, then redis-server by its process id.
/// </summary>
public sealed class EntraIdRedis : IAsyncDisposable
{
    public const string Audience = "https://redis.azure.com";

    private const string AdminUser = "test-admin";
    private static readonly TimeSpan ExpiryCheck = TimeSpan.FromMilliseconds(50);

    private readonly ManagedIdentityEndpoint identity;
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentDictionary<int, GateConnection> connections = new();
    private readonly ConcurrentDictionary<string, Lazy<AcceptedToken>> passwords = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> accessPolicies = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<Task> relays = [];
    private readonly string adminPassword = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
    private ConnectionMultiplexer? admin;
    private Task accepting = Task.CompletedTask;
    private Task expiring = Task.CompletedTask;
    private int nextConnectionId;
    private int expiredTokens;
    private int refusedSignIns;

    private EntraIdRedis(ManagedIdentityEndpoint identity) => this.identity = identity;

    public RedisServer Server { get; } = new();

    /// <summary>The gate: what the app's connection string names.</summary>
    public string Address => $"127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";

    /// <summary>Tokens that expired (each removed from the ACL, its connections closed): the rotations so far.</summary>
    public int ExpiredTokens => Volatile.Read(ref expiredTokens);

    /// <summary>Sign-ins with a token the gate did not accept (redis-server refused them).</summary>
    public int RefusedSignIns => Volatile.Read(ref refusedSignIns);

    public IReadOnlyList<EntraIdRedisConnection> Connections =>
        [.. connections.Values.OrderBy(connection => connection.Id).Select(connection => connection.Snapshot())];

    public static async Task<EntraIdRedis> StartAsync(ManagedIdentityEndpoint identity)
    {
        var redis = new EntraIdRedis(identity);
        try
        {
            await redis.Server.InitializeAsync();
            await redis.Server.SendAsync($"ACL SETUSER {AdminUser} on >{redis.adminPassword} ~* &* +@all", "+OK");
            await redis.Server.SendAsync("ACL SETUSER default off", "+OK");
            redis.admin = await ConnectionMultiplexer.ConnectAsync(
                $"{redis.Server.Address},user={AdminUser},password={redis.adminPassword},allowAdmin=true,connectTimeout=5000");
            redis.listener.Start();
            redis.accepting = redis.AcceptAsync();
            redis.expiring = redis.ExpireAsync();
        }
        catch
        {
            await redis.DisposeAsync();
            throw;
        }

        return redis;
    }

    /// <summary>Lets the identity with <paramref name="objectId"/> in (Azure's access policy assignment).</summary>
    public void AssignAccessPolicy(string objectId) => accessPolicies[objectId] = true;

    /// <summary>The user of every client connected to redis-server now, except the test's own.</summary>
    public async Task<IReadOnlyList<string>> ClientUsersAsync()
    {
        var list = (string?)await AdminServer.ExecuteAsync("CLIENT", "LIST") ?? string.Empty;
        return
        [
            .. list.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split(' ').Single(field => field.StartsWith("user=", StringComparison.Ordinal))["user=".Length..])
                .Where(user => user != AdminUser),
        ];
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        foreach (var connection in connections.Values)
        {
            connection.Close();
        }

        await Task.WhenAll([accepting, expiring, .. relays]);
        if (admin is not null)
        {
            await admin.DisposeAsync();
        }

        await Server.DisposeAsync();
        stopping.Dispose();
    }

    private IServer AdminServer => admin!.GetServer(Server.Address);

    private async Task AcceptAsync()
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var connection = new GateConnection(Interlocked.Increment(ref nextConnectionId), client);
            connections[connection.Id] = connection;
            relays.Add(RelayAsync(connection));
        }
    }

    private async Task RelayAsync(GateConnection connection)
    {
        try
        {
            await connection.Upstream.ConnectAsync(IPAddress.Loopback, Server.Port, stopping.Token);
            await Task.WhenAny(FromClientAsync(connection), ToClientAsync(connection));
        }
        catch (Exception e) when (Ended(e))
        {
            // The client, redis-server or the gate closed the connection.
        }
        finally
        {
            connection.Close();
        }
    }

    /// <summary>Passes every byte on, after acting on the sign-ins among the commands they complete.</summary>
    private async Task FromClientAsync(GateConnection connection)
    {
        var reader = new RespCommandReader();
        var buffer = new byte[64 * 1024];
        try
        {
            var fromClient = connection.Client.GetStream();
            var toServer = connection.Upstream.GetStream();
            while (true)
            {
                var read = await fromClient.ReadAsync(buffer, stopping.Token);
                if (read == 0)
                {
                    return;
                }

                foreach (var command in reader.Add(buffer, read))
                {
                    await InspectAsync(connection, command);
                }

                await toServer.WriteAsync(buffer.AsMemory(0, read), stopping.Token);
            }
        }
        catch (Exception e) when (Ended(e))
        {
            // Closed.
        }
    }

    private async Task ToClientAsync(GateConnection connection)
    {
        try
        {
            await connection.Upstream.GetStream().CopyToAsync(connection.Client.GetStream(), stopping.Token);
        }
        catch (Exception e) when (Ended(e))
        {
            // Closed.
        }
    }

    private async Task InspectAsync(GateConnection connection, IReadOnlyList<string> command)
    {
        var name = command.Count > 0 ? command[0].ToUpperInvariant() : string.Empty;
        switch (name)
        {
            case "AUTH" when command.Count == 3:
                await SignInAsync(connection, command[1], command[2]);
                break;
            case "AUTH":
                // The default user, which is off.
                Interlocked.Increment(ref refusedSignIns);
                break;
            case "HELLO":
                var auth = command.ToList().FindIndex(argument => argument.Equals("AUTH", StringComparison.OrdinalIgnoreCase));
                if (auth > 0 && auth + 2 < command.Count)
                {
                    await SignInAsync(connection, command[auth + 1], command[auth + 2]);
                }

                break;
            case "SUBSCRIBE" or "PSUBSCRIBE" or "SSUBSCRIBE":
                connection.Subscribed = true;
                break;
        }
    }

    private async Task SignInAsync(GateConnection connection, string user, string token)
    {
        if (ExpiryIfAccepted(user, token) is not { } expiresOn)
        {
            Interlocked.Increment(ref refusedSignIns);
            return;
        }

        var accepted = passwords.GetOrAdd(token, _ => new Lazy<AcceptedToken>(() => new AcceptedToken(
            user, expiresOn, AdminServer.ExecuteAsync("ACL", "SETUSER", user, "on", ">" + token, "~*", "&*", "+@all"))));
        await accepted.Value.Added;
        connection.SignedIn(user, expiresOn);
    }

    /// <summary>When Azure would accept <paramref name="token"/> for <paramref name="user"/>: its expiry; else null.</summary>
    private DateTimeOffset? ExpiryIfAccepted(string user, string token)
    {
        try
        {
            if (!identity.SigningKey.HasSigned(token))
            {
                return null;
            }

            var claims = SigningKey.Claims(token);
            var expiresOn = DateTimeOffset.FromUnixTimeSeconds(claims.GetProperty("exp").GetInt64());
            return claims.GetProperty("aud").GetString() == Audience
                && claims.GetProperty("oid").GetString() == user
                && accessPolicies.ContainsKey(user)
                && expiresOn > DateTimeOffset.UtcNow
                    ? expiresOn
                    : null;
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException
            or System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    /// <summary>As Azure does when a token expires: it no longer signs in, and connections still on it are closed.</summary>
    private async Task ExpireAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            await Task.Delay(ExpiryCheck, stopping.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            var now = DateTimeOffset.UtcNow;
            foreach (var connection in connections.Values.Where(connection => connection.SignedInUntil <= now))
            {
                connection.CloseOnExpiredToken();
            }

            foreach (var (token, entry) in passwords)
            {
                var accepted = entry.Value;
                if (accepted.ExpiresOn <= now && !accepted.Removed && !stopping.IsCancellationRequested)
                {
                    accepted.Removed = true;
                    await AdminServer.ExecuteAsync("ACL", "SETUSER", accepted.User, "<" + token);
                    Interlocked.Increment(ref expiredTokens);
                }
            }
        }
    }

    private static bool Ended(Exception e) => e is IOException or SocketException or OperationCanceledException or ObjectDisposedException;

    private sealed class AcceptedToken(string user, DateTimeOffset expiresOn, Task added)
    {
        public string User => user;

        public DateTimeOffset ExpiresOn => expiresOn;

        /// <summary>The ACL command that made it a password.</summary>
        public Task Added => added;

        public bool Removed { get; set; }
    }

    private sealed class GateConnection(int id, TcpClient client)
    {
        private readonly object gate = new();
        private string? user;
        private DateTimeOffset? signedInUntil;
        private int signIns;
        private bool closedOnExpiredToken;
        private bool closed;

        public int Id => id;

        public TcpClient Client => client;

        public TcpClient Upstream { get; } = new();

        public volatile bool Subscribed;

        /// <summary>When the token the connection is signed in with expires; null before a sign-in, and once closed.</summary>
        public DateTimeOffset? SignedInUntil
        {
            get
            {
                lock (gate)
                {
                    return closed ? null : signedInUntil;
                }
            }
        }

        public void SignedIn(string name, DateTimeOffset expiresOn)
        {
            lock (gate)
            {
                user = name;
                signedInUntil = expiresOn;
                signIns++;
            }
        }

        public void CloseOnExpiredToken()
        {
            lock (gate)
            {
                closedOnExpiredToken = !closed;
            }

            Close();
        }

        public void Close()
        {
            lock (gate)
            {
                closed = true;
            }

            client.Dispose();
            Upstream.Dispose();
        }

        public EntraIdRedisConnection Snapshot()
        {
            lock (gate)
            {
                return new EntraIdRedisConnection(id, Subscribed, signIns, user, closedOnExpiredToken);
            }
        }
    }
}
