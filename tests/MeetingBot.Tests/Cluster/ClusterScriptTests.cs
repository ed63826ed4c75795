using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using MeetingBot.Sandbox;
using Newtonsoft.Json.Linq;

namespace MeetingBot.Tests.Cluster;

/// <summary>
/// <c>scripts/cluster.sh</c> as a newcomer runs it (on free ports, with the bot these tests were built with): Redis, the
/// shared sandbox Huawei, three replicas and nginx come up; activations through the proxy reach every replica and
/// succeed; Ctrl-C (SIGINT) stops every process the script started. With <c>CLUSTER_REDIS=cluster</c> the same over a
/// Redis Cluster of three masters.
/// </summary>
[Collection(ClusterDefinition.Name)]
public sealed partial class ClusterScriptTests
{
    [Fact]
    public async Task Cluster_sh_serves_activations_through_nginx_on_every_replica_and_Ctrl_C_stops_every_process_it_started()
    {
        var (started, replicasSeen, output) = await RunAsync(activations: 6, redis: null);

        Assert.Equal(3, replicasSeen.Count);
        Assert.Equal(6, started.Length); // redis-server, the sandbox, three replicas, nginx
        Assert.All(started, pid => Assert.False(IsRunning(pid), $"process {pid} still runs after Ctrl-C:\n{output}"));
    }

    [Fact]
    public async Task Cluster_sh_with_CLUSTER_REDIS_cluster_serves_an_activation_over_a_Redis_Cluster_and_Ctrl_C_stops_every_process_it_started()
    {
        var (started, replicasSeen, output) = await RunAsync(activations: 1, redis: "cluster");

        Assert.Single(replicasSeen);
        Assert.Contains("Redis Cluster 127.0.0.1:", output, StringComparison.Ordinal);
        Assert.Equal(8, started.Length); // three redis-servers, the sandbox, three replicas, nginx
        Assert.All(started, pid => Assert.False(IsRunning(pid), $"process {pid} still runs after Ctrl-C:\n{output}"));
    }

    /// <summary>Starts cluster.sh, sends <paramref name="activations"/> through nginx, presses Ctrl-C and waits for the script to end.</summary>
    private static async Task<(int[] Started, HashSet<string> ReplicasSeen, string Output)> RunAsync(int activations, string? redis)
    {
        var port = FreeLoopbackPort();
        var output = new StringBuilder();
        var ready = new TaskCompletionSource<int[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var script = Start(port, redis, line =>
        {
            lock (output)
            {
                output.AppendLine(line);
            }

            if (Pids().Match(line) is { Success: true } pids)
            {
                ready.TrySetResult([.. pids.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse)]);
            }
        });
        int[] started;
        try
        {
            // A script that gave up (a process it started died) ends at once: its output says why.
            var exited = script.WaitForExitAsync();
            if (await Task.WhenAny(ready.Task, exited).WaitAsync(TimeSpan.FromSeconds(180)) == exited)
            {
                throw new InvalidOperationException($"cluster.sh ended ({script.ExitCode}) before it was ready:\n{output}");
            }

            started = await ready.Task;
        }
        catch (TimeoutException)
        {
            script.Kill(entireProcessTree: true);
            throw new TimeoutException($"cluster.sh was not ready within 180 s:\n{output}");
        }

        var replicasSeen = new HashSet<string>(StringComparer.Ordinal);
        try
        {
        using (var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) })
        {
            for (var i = 0; i < activations; i++)
            {
                using var response = await http.PostAsync(new Uri("/api/messages", UriKind.Relative), new StringContent(Activation(i), Encoding.UTF8, "application/json"));
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}\n{output}");
                Assert.True(body.Contains(HuaweiSimulatorOptions.DemoRegionIp, StringComparison.Ordinal), $"{body}\n{output}");
                Assert.Contains("sandbox", body, StringComparison.OrdinalIgnoreCase);
                replicasSeen.Add(string.Join(",", response.Headers.GetValues("X-MeetingBot-Replica")));
            }
        }

        }
        finally
        {
            // Ctrl-C, also when an assertion above failed: the script stops what it started.
            using var interrupt = Process.Start("kill", ["-INT", script.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await interrupt.WaitForExitAsync();
        }

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await script.WaitForExitAsync(deadline.Token);
        lock (output)
        {
            return (started, replicasSeen, output.ToString());
        }
    }

    private static Process Start(int port, string? redis, Action<string> onLine)
    {
        // Through env --default-signal: a test runner started in the background of a shell without job control has SIGINT
        // ignored, every process it starts inherits that, and bash cannot trap a signal ignored on entry. Ctrl-C is then
        // delivered as in a terminal, however the tests were started.
        var info = new ProcessStartInfo("env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot,
        };
        info.ArgumentList.Add("--default-signal=INT");
        info.ArgumentList.Add("bash");
        info.ArgumentList.Add("scripts/cluster.sh");
        info.Environment["CLUSTER_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // Redis on the script's default ports (6380 on, below the ephemeral range where the system hands out ports to
        // everyone's connections): the script takes the next one when one is taken, and again if it was taken meanwhile.
        if (redis is not null)
        {
            info.Environment["CLUSTER_REDIS"] = redis;
        }
        info.Environment["CLUSTER_CONFIGURATION"] = Configuration;
        info.Environment["CLUSTER_NO_BUILD"] = "1";
        // The replicas inherit the environment: a patient Huawei client, as in the SIGTERM tests, for a loaded machine.
        info.Environment["HuaweiMeeting__RequestTimeout"] = "00:00:14";
        info.Environment["HuaweiMeeting__ActivationTimeout"] = "00:00:14";
        var process = Process.Start(info) ?? throw new InvalidOperationException("bash did not start");
        process.OutputDataReceived += (_, line) => { if (line.Data is not null) { onLine(line.Data); } };
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) { onLine(line.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>A 1:1 Emulator message activating the demo meeting, each by a user of its own, with expectReplies.</summary>
    private static string Activation(int n) => new JObject
    {
        ["type"] = "message",
        ["channelId"] = "emulator",
        ["serviceUrl"] = "http://localhost:3978",
        ["deliveryMode"] = "expectReplies",
        ["conversation"] = new JObject { ["id"] = $"cluster-sh-{n}-{Guid.NewGuid():N}" },
        ["from"] = new JObject { ["id"] = $"cluster-sh-user-{n}-{Guid.NewGuid():N}", ["name"] = "Me" },
        ["recipient"] = new JObject { ["id"] = "bot" },
        ["text"] = $"activate {HuaweiSimulatorOptions.DemoMeetingId} {HuaweiSimulatorOptions.DemoPassword}",
    }.ToString();

    private static bool IsRunning(int pid) => Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal);

    private static string Configuration => new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;

    private static string RepositoryRoot
    {
        get
        {
            var root = new DirectoryInfo(AppContext.BaseDirectory);
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "MeetingBot.sln")))
            {
                root = root.Parent;
            }

            return root?.FullName ?? throw new InvalidOperationException("No MeetingBot.sln above the tests");
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"^pids: ([0-9 ]+)$")]
    private static partial Regex Pids();
}
