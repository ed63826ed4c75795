using System.Globalization;
using System.Net.Http.Headers;
using MeetingBot.Sandbox;
using MeetingBot.Tests.Infrastructure;
using MeetingBot.Tests.Slack;
using MeetingBot.Tests.State;

namespace MeetingBot.Tests.Cluster;

/// <summary>
/// Issue 11's cluster, real end to end: one real <c>redis-server</c> (or, given one, a Redis Cluster of three masters:
/// <see cref="BotClusterOnRedisCluster"/>), one stub Huawei server (the sandbox simulator, a
/// real loopback listener that counts sign-ins and starts) and three real processes of the built bot
/// (<see cref="BotProcess"/>) sharing both, configured through the environment as a deployment would be
/// (<c>Redis__ConnectionString</c>, <c>Redis__DataProtectionCertificate</c>, Huawei's address and App ID). Also the
/// Bot Connector (<see cref="ConnectorListener"/>) and Slack's response_url (<see cref="ResponseUrlListener"/>) as
/// loopback listeners. Every process is stopped by its id when the collection ends.
/// </summary>
public class BotCluster : IAsyncLifetime
{
    public const int Size = 3;

    public const string SlackSigningSecret = "cluster-slack-signing-secret-0c9e41";

    /// <summary>A meeting only the cluster tests use, with a password distinctive enough to find in a dump of Redis.</summary>
    public static readonly SimulatedMeeting SecretMeeting = new("986030733", "Cluster-Pa55word-81fd2c", "100.94.23.73");

    private readonly BotProcess?[] _replicas = new BotProcess?[Size];
    private readonly HttpClient?[] _clients = new HttpClient?[Size];
    private readonly string _certificate = TestCertificates.DataProtectionPfxBase64();

    public BotCluster()
        : this(new RedisServer())
    {
    }

    /// <summary>A cluster of bots on <paramref name="redis"/>, which it starts and stops with itself.</summary>
    protected BotCluster(ISharedRedis redis)
    {
        Redis = redis;
        // The slow meeting outlasts the default reply budgets (Teams 4 s, Slack 2 s): its card turns into "activating…".
        Huawei = new HuaweiSimulator(new HuaweiSimulatorOptions { SlowMeetingDelay = TimeSpan.FromSeconds(6) });
        Huawei.Options.Meetings.Add(SecretMeeting);
    }

    public ISharedRedis Redis { get; }

    public HuaweiSimulator Huawei { get; }

    public ConnectorListener Connector { get; private set; } = null!;

    public ResponseUrlListener SlackHooks { get; } = new();

    public BotProcess Replica(int index) => _replicas[index] ?? throw new InvalidOperationException($"Replica {index} is not running");

    /// <summary>A client for replica <paramref name="index"/> (its own port), generous enough for a loaded machine.</summary>
    public HttpClient Client(int index) => _clients[index] ?? throw new InvalidOperationException($"Replica {index} is not running");

    /// <summary>What every replica wrote so far, for failure messages.</summary>
    public string Output => string.Join("\n", _replicas.Select((r, i) => $"--- replica {i} (pid {r?.Id}) ---\n{r?.Output}"));

    public async Task InitializeAsync()
    {
        await Redis.InitializeAsync();
        await Huawei.StartAsync();
        Connector = await ConnectorListener.StartAsync();
        await SlackHooks.StartAsync();
        await Task.WhenAll(Enumerable.Range(0, Size).Select(StartReplicaAsync));
    }

    /// <summary>Starts any replica a test killed, so each test begins with three.</summary>
    public async Task EnsureAllRunningAsync() =>
        await Task.WhenAll(Enumerable.Range(0, Size).Where(i => _replicas[i] is null || _replicas[i]!.HasExited).Select(StartReplicaAsync));

    /// <summary>SIGKILL: the replica's process dies at once, no shutdown code runs.</summary>
    public async Task KillReplicaAsync(int index)
    {
        await Replica(index).KillAsync();
    }

    /// <summary>Posts a Slack slash command, signed with the cluster's signing secret, to replica <paramref name="index"/>.</summary>
    public async Task<TurnAnswer> SlashCommandAsync(int index, string userId, string text, Uri responseUrl)
    {
        var body = SlackHost.Encode(new Dictionary<string, string>
        {
            ["team_id"] = "T0CLUSTER1",
            ["user_id"] = userId,
            ["command"] = "/activate",
            ["text"] = text,
            ["response_url"] = responseUrl.ToString(),
        });
        var timestamp = SlackHost.Now();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/slack/commands") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", SlackHost.Sign(SlackSigningSecret, timestamp, body));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var response = await Client(index).SendAsync(request);
        return new TurnAnswer(index, response.StatusCode, await response.Content.ReadAsStringAsync(), clock.Elapsed);
    }

    public async Task DisposeAsync()
    {
        for (var i = 0; i < Size; i++)
        {
            _clients[i]?.Dispose();
            if (_replicas[i] is { } replica)
            {
                await replica.DisposeAsync();
            }
        }

        await SlackHooks.DisposeAsync();
        if (Connector is not null)
        {
            await Connector.DisposeAsync();
        }

        await Huawei.DisposeAsync();
        await Redis.DisposeAsync();
    }

    private async Task StartReplicaAsync(int index)
    {
        if (_replicas[index] is { } dead)
        {
            await dead.DisposeAsync();
            _clients[index]?.Dispose();
        }

        var replica = await BotProcess.StartAsync(
            new Dictionary<string, string>
            {
                ["Slack:AllowLoopbackResponseUrl"] = "true",
                ["HuaweiMeeting:RequestTimeout"] = "00:00:14",
                ["HuaweiMeeting:ActivationTimeout"] = "00:00:14",
            },
            new Dictionary<string, string>
            {
                ["Redis__ConnectionString"] = Redis.Address,
                ["Redis__DataProtectionCertificate"] = _certificate,
                ["HuaweiMeeting__BaseUrl"] = Huawei.BaseUrl.ToString(),
                ["HuaweiMeeting__AppId"] = Huawei.Options.AppId,
                ["HuaweiMeeting__AppKey"] = Huawei.Options.AppKey,
                ["Slack__SigningSecret"] = SlackSigningSecret,
            });
        _replicas[index] = replica;
        // The tests assert what each turn answers, not how soon (the outage tests time their answers themselves): a fresh
        // replica among CPU hogs, on a machine other builds also loaded, took 36 s to start and over 30 s to answer 60 of
        // its hundred activations, though no activation took Huawei's stand-in more than 11 s and none said Redis was down.
        _clients[index] = new HttpClient { BaseAddress = replica.BaseAddress, Timeout = TimeSpan.FromSeconds(120) };
    }
}

/// <summary>
/// The cluster tests run one at a time, and after every other test class of the assembly (not beside them): each starts
/// several processes, and their timing assertions (and other classes') should not depend on a machine shared with them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterDefinition : ICollectionFixture<BotCluster>
{
    public const string Name = "Three replicas sharing Redis";
}

/// <summary>The same three bots on a Redis Cluster of three masters (<see cref="RedisCluster"/>), as on Azure Managed Redis.</summary>
public sealed class BotClusterOnRedisCluster : BotCluster
{
    public BotClusterOnRedisCluster()
        : base(new RedisCluster())
    {
    }
}

/// <summary>
/// The three-replica tests again, on a Redis Cluster: one at a time and after every other test class, like
/// <see cref="ClusterDefinition"/> (so the two clusters of bots never run at the same time).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class OnRedisClusterDefinition : ICollectionFixture<BotClusterOnRedisCluster>
{
    public const string Name = "Three replicas sharing a Redis Cluster";
}
