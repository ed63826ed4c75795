using System.Globalization;
using System.Runtime.InteropServices;
using MeetingBot.Sandbox;
using Microsoft.Extensions.Logging;

// The sandbox Huawei on a loopback port of its own, shared by the replicas of scripts/cluster.sh (each replica's own
// sandbox would sign every user in once per replica). Usage: MeetingBot.SandboxServer <port>, with the App Key every
// replica signs with in the environment variable Sandbox__AppKey. Stops on SIGTERM or Ctrl-C.
if (args.Length != 1 || !int.TryParse(args[0], NumberStyles.None, CultureInfo.InvariantCulture, out var port)
    || Environment.GetEnvironmentVariable("Sandbox__AppKey") is not { Length: > 0 } appKey)
{
    await Console.Error.WriteLineAsync("usage: Sandbox__AppKey=<key> MeetingBot.SandboxServer <port>");
    return 2;
}

using var loggers = LoggerFactory.Create(logging => logging.AddSimpleConsole(console => console.SingleLine = true));
var options = new HuaweiSimulatorOptions { Port = port, AppKey = appKey, ServiceProviderAppKey = appKey };
await using var simulator = new HuaweiSimulator(options, TimeProvider.System, loggers.CreateLogger<HuaweiSimulator>());
await simulator.StartAsync();

var stopped = new TaskCompletionSource();
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal => { signal.Cancel = true; stopped.TrySetResult(); });
using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, signal => { signal.Cancel = true; stopped.TrySetResult(); });
Console.WriteLine($"Huawei sandbox listening on {simulator.BaseUrl}");
await stopped.Task;
return 0;
