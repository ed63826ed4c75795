using System.Diagnostics;
using System.Globalization;
using StackExchange.Redis;
using Xunit;

namespace MeetingBot.Testing;

/// <summary>
/// A real Redis Cluster of our own for one test class or collection: three masters, each a <c>redis-server
/// --cluster-enabled yes</c> on free loopback ports (its client port and its cluster bus port), no persistence, its own
/// temporary directory, joined by <c>redis-cli --cluster create … --cluster-yes</c> (the 16,384 hash slots split in
/// three); every process stopped by its id on dispose. The same shape as <c>RedisServer</c>
/// (<see cref="ConnectionString"/>, <see cref="FlushAsync"/>, <see cref="EmptyAndConnectAsync"/>, <see cref="DisposeAsync"/>),
/// so a contract suite written against a single server gets a cluster subclass by swapping its fixture. Tests fail (never
/// skip) when the cluster cannot start: <c>scripts/test.sh</c> installs Debian's <c>redis-server</c>, which brings
/// <c>redis-cli</c>. <see cref="WithReplicaPerMaster"/> adds a replica to each master (<c>redis-cli --cluster add-node …
/// --cluster-slave</c>) and a short node timeout, so that a killed master's replica takes over within seconds.
/// </summary>
public sealed class RedisCluster : ISharedRedis
{
    public const int MasterCount = 3;

    /// <summary>The node timeout of a cluster with replicas: how long a master may be silent before its replica takes over.</summary>
    public static readonly TimeSpan FailoverNodeTimeout = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan RedisCliDeadline = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan ReadyDeadline = TimeSpan.FromSeconds(30);

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("meetingbot-redis-cluster-");
    private readonly List<RedisClusterNode> _masters = [];
    private readonly List<RedisClusterNode> _replicas = [];
    private readonly bool _withReplicas;

    /// <summary>Three masters, no replicas.</summary>
    public RedisCluster()
        : this(withReplicas: false)
    {
    }

    private RedisCluster(bool withReplicas) => _withReplicas = withReplicas;

    /// <summary>Three masters, each with one replica (in the order of <see cref="Masters"/>), node timeout <see cref="FailoverNodeTimeout"/>.</summary>
    public static RedisCluster WithReplicaPerMaster() => new(withReplicas: true);

    /// <summary>The masters as created (a master killed stays here; its replica may serve its slots now).</summary>
    public IReadOnlyList<RedisClusterNode> Masters => _masters;

    /// <summary>With <see cref="WithReplicaPerMaster"/>: the replica of each master, in the order of <see cref="Masters"/>.</summary>
    public IReadOnlyList<RedisClusterNode> Replicas => _replicas;

    /// <summary>For StackExchange.Redis: every node (it finds the slots' owners itself), and no waiting for a node that is gone.</summary>
    public string ConnectionString => string.Join(",", _masters.Concat(_replicas).Select(node => node.Address)) + ",abortConnect=false,connectTimeout=2000";

    /// <summary>Every master's address only, as a deployment configures the app: its own timeouts and reconnect policy apply.</summary>
    public string Address => string.Join(",", _masters.Select(master => master.Address));

    public async Task InitializeAsync()
    {
        try
        {
            for (var i = 0; i < MasterCount; i++)
            {
                _masters.Add(await RedisClusterNode.StartAsync(_directory.CreateSubdirectory($"master-{i}"), NodeTimeout));
            }

            await CreateAsync();
            await Task.WhenAll(_masters.Select(master => master.WaitUntilClusterIsOkAsync(ReadyDeadline)));
            if (_withReplicas)
            {
                await AddReplicasAsync();
            }
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>Empties every master: each test starts from nothing.</summary>
    public Task FlushAsync() => Task.WhenAll(_masters.Select(master => master.SendAsync("FLUSHALL", "+OK")));

    /// <summary>Empties every master and connects a client to the cluster.</summary>
    public async Task<ConnectionMultiplexer> EmptyAndConnectAsync()
    {
        await FlushAsync();
        return await ConnectionMultiplexer.ConnectAsync(ConnectionString);
    }

    /// <summary>How many keys each master holds now, in the order of <see cref="Masters"/>.</summary>
    public async Task<IReadOnlyList<long>> KeysPerMasterAsync()
    {
        var counts = await Task.WhenAll(_masters.Select(master => master.SendAsync("DBSIZE")));
        return [.. counts.Select(reply => long.Parse(reply.TrimStart(':').Trim(), CultureInfo.InvariantCulture))];
    }

    /// <summary>
    /// Moves <paramref name="slots"/> hash slots, and the keys in them, from one master to another (<c>redis-cli --cluster
    /// reshard</c>), the masters named by their place in <see cref="Masters"/>.
    /// </summary>
    public async Task ReshardAsync(int from, int to, int slots) =>
        await RunRedisCliAsync(
            ["--cluster", "reshard", _masters[from].Address, "--cluster-from", await _masters[from].IdAsync(), "--cluster-to", await _masters[to].IdAsync(),
                "--cluster-slots", slots.ToString(CultureInfo.InvariantCulture), "--cluster-yes"],
            success: _ => true);

    /// <summary>Spreads the slots evenly over the masters again (<c>redis-cli --cluster rebalance</c>).</summary>
    public Task RebalanceAsync() =>
        RunRedisCliAsync(["--cluster", "rebalance", _masters[0].Address, "--cluster-threshold", "1"], success: _ => true);

    /// <summary>How many hash slots each master serves now, in the order of <see cref="Masters"/>.</summary>
    public async Task<IReadOnlyList<int>> SlotsPerMasterAsync()
    {
        var nodes = (await _masters[0].SendAsync("CLUSTER NODES")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var slots = new List<int>();
        foreach (var master in _masters)
        {
            var line = nodes.Single(node => node.Split(' ')[1].StartsWith(master.Address + "@", StringComparison.Ordinal));
            slots.Add(line.Trim().Split(' ').Skip(8).Sum(range => range.Split('-') is [var first, var last]
                ? int.Parse(last, CultureInfo.InvariantCulture) - int.Parse(first, CultureInfo.InvariantCulture) + 1
                : range.StartsWith('[') ? 0 : 1));
        }

        return slots;
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _replicas.Concat(_masters))
        {
            await node.DisposeAsync();
        }

        _replicas.Clear();
        _masters.Clear();
        if (_directory.Exists)
        {
            _directory.Delete(recursive: true);
        }
    }

    private TimeSpan NodeTimeout => _withReplicas ? FailoverNodeTimeout : RedisClusterNode.DefaultNodeTimeout;

    /// <summary><c>redis-cli --cluster create</c>: assigns the slots, joins the nodes and waits for them to agree.</summary>
    private Task CreateAsync() =>
        RunRedisCliAsync(
            ["--cluster", "create", .. _masters.Select(master => master.Address), "--cluster-replicas", "0", "--cluster-yes"],
            success: output => output.Contains("[OK] All 16384 slots covered", StringComparison.Ordinal));

    /// <summary>A replica for each master (<c>redis-cli --cluster add-node … --cluster-slave</c>), returning once each has its master's data.</summary>
    private async Task AddReplicasAsync()
    {
        for (var i = 0; i < _masters.Count; i++)
        {
            var replica = await RedisClusterNode.StartAsync(_directory.CreateSubdirectory($"replica-{i}"), NodeTimeout);
            _replicas.Add(replica);
            await RunRedisCliAsync(
                ["--cluster", "add-node", replica.Address, _masters[i].Address, "--cluster-slave", "--cluster-master-id", await _masters[i].IdAsync()],
                success: output => output.Contains("[OK] New node added correctly", StringComparison.Ordinal));
        }

        var deadline = DateTime.UtcNow + ReadyDeadline;
        foreach (var (master, replica) in _masters.Zip(_replicas))
        {
            while (!(await replica.SendAsync("INFO replication")).Contains("master_link_status:up", StringComparison.Ordinal)
                   || !(await master.SendAsync("INFO replication")).Contains("connected_slaves:1", StringComparison.Ordinal))
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new InvalidOperationException($"The replica on {replica.Address} is not in sync with {master.Address} after {ReadyDeadline.TotalSeconds} s");
                }

                await Task.Delay(50);
            }
        }

        await Task.WhenAll(_masters.Concat(_replicas).Select(node => node.WaitUntilClusterIsOkAsync(ReadyDeadline)));
    }

    private static async Task RunRedisCliAsync(IReadOnlyList<string> arguments, Func<string, bool> success)
    {
        var start = new ProcessStartInfo("redis-cli")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var what = $"redis-cli {arguments[0]} {arguments[1]}";
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("redis-cli did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("redis-cli is not installed: run scripts/test.sh, or apt-get install redis-server (it brings redis-tools)", e);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var deadline = new CancellationTokenSource(RedisCliDeadline);
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill();
                await process.WaitForExitAsync();
                throw new InvalidOperationException($"{what} did not finish within {RedisCliDeadline.TotalSeconds} s: {await output}");
            }

            if (process.ExitCode != 0 || !success(await output))
            {
                throw new InvalidOperationException($"{what} failed ({process.ExitCode}): {await output} {await errors}");
            }
        }
    }
}
