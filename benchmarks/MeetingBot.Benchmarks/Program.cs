using System.Diagnostics;
using System.Globalization;
using MeetingBot.Meetings;
using MeetingBot.Meetings.Activation;
using MeetingBot.Sandbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

// Cost of one activation through the real stack (DI, IHttpClientFactory, resilience, token cache, JSON) against the
// simulator on loopback: with the user's token cached (one HTTP call) and on the authentication path (two calls).
// Loopback HTTP dominates both; the figures show what the token cache saves per activation.
const int Warmup = 200;
var iterations = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2_000;

await using var huawei = new HuaweiSimulator();
await huawei.StartAsync();
var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
{
    ["HuaweiMeeting:BaseUrl"] = huawei.BaseUrl.ToString(),
    ["HuaweiMeeting:AppId"] = huawei.Options.AppId,
    ["HuaweiMeeting:AppKey"] = huawei.Options.AppKey,
}).Build();
var services = new ServiceCollection();
services.AddLogging();
services.AddHuaweiMeetingActivation(configuration);
await using var provider = services.BuildServiceProvider();
var activation = provider.GetRequiredService<IMeetingActivationService>();
var user = new ChatUser("msteams", "tenant", "29:bench", AadObjectId: "aad-bench");

Console.WriteLine($"MeetingBot activation benchmark: {iterations} iterations each, after {Warmup} warm-up, {Environment.ProcessorCount} cores, {Environment.Version}");
await MeasureAsync("cached token (start only)", () => activation.ActivateAsync(user, "986030665", "123456", CancellationToken.None));
await MeasureAsync("authentication path (sign-out, auth + start)", async () =>
{
    await activation.SignOutAsync(user, CancellationToken.None);
    return await activation.ActivateAsync(user, "986030665", "123456", CancellationToken.None);
});
await MeasureAsync("invalid input (no network)", () => activation.ActivateAsync(user, "98603O665", "123456", CancellationToken.None));
Console.WriteLine($"Simulator saw {huawei.AuthRequests} authentications and {huawei.StartRequests} starts.");

async Task MeasureAsync(string name, Func<Task<ActivationResult>> activate)
{
    for (var i = 0; i < Warmup; i++)
    {
        await activate();
    }

    var samples = new double[iterations];
    var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
    var total = Stopwatch.StartNew();
    for (var i = 0; i < iterations; i++)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await activate();
        samples[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        if (result.Outcome is not (ActivationOutcome.Activated or ActivationOutcome.InvalidInput))
        {
            throw new InvalidOperationException($"{name}: unexpected {result.Outcome}");
        }
    }

    total.Stop();
    var allocated = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / iterations;
    Array.Sort(samples);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name,-46} mean {samples.Average(),8:F1} µs  p50 {samples[iterations / 2],8:F1} µs  p95 {samples[(int)(iterations * 0.95)],8:F1} µs  " +
        $"{iterations / total.Elapsed.TotalSeconds,8:F0} /s  {allocated,7:N0} B allocated/op (whole process, simulator included)"));
}
