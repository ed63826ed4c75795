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
/// <c>redis-cli</c>. Nodes are started by <see cref="RedisClusterNode.StartAsync"/>, so a replica per master can be added
/// later (<c>redis-cli --cluster add-node … --cluster-slave</c>).
/// </summary>
public sealed class RedisCluster : ISharedRedis
{
    public const int MasterCount = 3;

    private static readonly TimeSpan CreateDeadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ReadyDeadline = TimeSpan.FromSeconds(30);

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("meetingbot-redis-cluster-");
    private readonly List<RedisClusterNode> _masters = [];

    public IReadOnlyList<RedisClusterNode> Masters => _masters;

    /// <summary>For StackExchange.Redis: every master (it finds the slots' owners itself), and no waiting for a node that is gone.</summary>
    public string ConnectionString => string.Join(",", _masters.Select(master => master.Address)) + ",abortConnect=false,connectTimeout=2000";

    /// <summary>Every master's address only, as a deployment configures the app: its own timeouts and reconnect policy apply.</summary>
    public string Address => string.Join(",", _masters.Select(master => master.Address));

    public async Task InitializeAsync()
    {
        try
        {
            for (var i = 0; i < MasterCount; i++)
            {
                _masters.Add(await RedisClusterNode.StartAsync(_directory.CreateSubdirectory($"master-{i}")));
            }

            await CreateAsync();
            await Task.WhenAll(_masters.Select(master => master.WaitUntilClusterIsOkAsync(ReadyDeadline)));
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

    public async Task DisposeAsync()
    {
        foreach (var master in _masters)
        {
            await master.DisposeAsync();
        }

        _masters.Clear();
        if (_directory.Exists)
        {
            _directory.Delete(recursive: true);
        }
    }

    /// <summary><c>redis-cli --cluster create</c>: assigns the slots, joins the nodes and waits for them to agree.</summary>
    private async Task CreateAsync()
    {
        var start = new ProcessStartInfo("redis-cli")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--cluster");
        start.ArgumentList.Add("create");
        foreach (var master in _masters)
        {
            start.ArgumentList.Add(master.Address);
        }

        start.ArgumentList.Add("--cluster-replicas");
        start.ArgumentList.Add("0");
        start.ArgumentList.Add("--cluster-yes");

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
            using var deadline = new CancellationTokenSource(CreateDeadline);
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill();
                await process.WaitForExitAsync();
                throw new InvalidOperationException($"redis-cli --cluster create did not finish within {CreateDeadline.TotalSeconds} s: {await output}");
            }

            if (process.ExitCode != 0 || !(await output).Contains("[OK] All 16384 slots covered", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"redis-cli --cluster create failed ({process.ExitCode}): {await output} {await errors}");
            }
        }
    }
}
