using MeetingBot.State.Composition;
using System.Net.Http.Json;
using MeetingBot.Meetings.Activation;
using MeetingBot.Meetings.Composition;
using MeetingBot.Meetings;
using MeetingBot.Sandbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MeetingBot.Benchmarks;

/// <summary>
/// Cost of one activation through the real service stack (DI, IHttpClientFactory, resilience, token cache, JSON) against
/// the simulator on loopback: with the user's token cached (one HTTP call) and on the authentication path (two calls).
/// Loopback HTTP dominates both; the figures show what the token cache saves per activation.
/// </summary>
internal static class ActivationBenchmark
{
    public static async Task RunAsync(int iterations)
    {
        await using var huawei = new HuaweiSimulator();
        await huawei.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["HuaweiMeeting:BaseUrl"] = huawei.BaseUrl.ToString(),
            ["HuaweiMeeting:AppId"] = huawei.Options.AppId,
            ["HuaweiMeeting:AppKey"] = huawei.Options.AppKey,
            // One user activates thousands of times here; the per-user attempt limit is not what is measured.
            ["Protection:AttemptsPerMinute"] = "10000",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddActivationCore(configuration);
        services.AddStateInMemory();
        services.AddSingleton<IActivationEnvironment, HuaweiCloudEnvironment>();
        await using var provider = services.BuildServiceProvider();
        var activation = provider.GetRequiredService<IMeetingActivationService>();
        var user = new ChatUser("msteams", "tenant", "29:bench", AadObjectId: "aad-bench");
        var demo = MeetingCredentials.TryCreate("986030665", "123456", out _)!;

        Console.WriteLine("Activation service layer against the simulator on loopback:");
        await Measurement.RunAsync("cached token (start only)", iterations, () =>
            Expect(activation.ActivateAsync(user, demo, CancellationToken.None), ActivationOutcome.Activated));
        using var bare = new HttpClient { BaseAddress = huawei.BaseUrl };
        bare.DefaultRequestHeaders.Add("X-Access-Token", await BareSdkBot.SignInOnceAsync(huawei));
        await Measurement.RunAsync("for comparison: one bare HttpClient POST to start", iterations, async () =>
        {
            using var response = await bare.PostAsJsonAsync(HuaweiSimulator.StartConferencePath, new { conferenceID = "986030665", password = "123456" });
            response.EnsureSuccessStatusCode();
            _ = await response.Content.ReadAsStringAsync();
        });
        await Measurement.RunAsync("authentication path (sign-out, auth + start)", iterations, async () =>
        {
            await activation.SignOutAsync(user, CancellationToken.None);
            await Expect(activation.ActivateAsync(user, demo, CancellationToken.None), ActivationOutcome.Activated);
        });
        await Measurement.RunAsync("invalid input (checked where it is typed; no stage, no network)", iterations, () =>
            Task.FromResult(MeetingCredentials.TryCreate("98603O665", "123456", out _) is null
                ? 0
                : throw new InvalidOperationException("Expected the input to be refused.")));
        Console.WriteLine($"Simulator saw {huawei.AuthRequests} authentications and {huawei.StartRequests} starts.");
    }

    private static async Task Expect(Task<ActivationResult> activation, ActivationOutcome expected)
    {
        var result = await activation;
        if (result.Outcome != expected)
        {
            throw new InvalidOperationException($"Expected {expected}, got {result.Outcome}.");
        }
    }
}
