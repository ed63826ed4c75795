using MeetingBot.Meetings.Activation;
using MeetingBot.Meetings.Tests.Support;
using MeetingBot.Sandbox;
using MeetingBot.Testing;
using Microsoft.Extensions.Time.Testing;

namespace MeetingBot.Meetings.Tests.Sandbox;

public class NoSecretsInLogsTests
{
    private const string Password = "Pw-Zq7!secret-4815";

    [Fact]
    public async Task A_full_activation_logs_no_app_key_token_or_password()
    {
        // Huawei's hold after the 429, the retry delays after each 503 and the slow meeting's timeout all run on this
        // clock: the test moves it past the hold, in small steps through the retry delays, and by the attempt's timeout
        // once the slow request is at the simulator, so every path runs without waiting real seconds.
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var sandbox = await SandboxHarness.StartAsync(simulator =>
        {
            simulator.Meetings.Add(new SimulatedMeeting("555000111", Password, "100.94.23.50"));
            simulator.Meetings.Add(new SimulatedMeeting("555000222", Password, "100.94.23.51", Slow: true));
            simulator.SlowMeetingDelay = TimeSpan.FromSeconds(60);
        }, new Dictionary<string, string?> { ["HuaweiMeeting:RequestTimeout"] = "00:00:05", ["HuaweiMeeting:ActivationTimeout"] = "00:00:12" }, time);
        var user = new ChatUser("msteams", "tenant-1", "29:carol", AadObjectId: "aad-carol");
        var activation = sandbox.Activation;

        var activated = await activation.ActivateAsync(user, "555000111", Password, CancellationToken.None);
        var tokensBeforeRevoke = sandbox.Simulator.IssuedAccessTokens.ToList();
        sandbox.Simulator.RevokeAllTokens();
        await activation.ActivateAsync(user, "555000111", Password, CancellationToken.None);
        await activation.ActivateAsync(user, "555000111", Password + "x", CancellationToken.None);
        sandbox.Simulator.ForceNext(SimulatorEndpoint.StartConference, SimulatedAnswer.RateLimited(TimeSpan.FromSeconds(5)));
        var rateLimited = await activation.ActivateAsync(user, "555000111", Password, CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(1)); // past Huawei's hold: the API gateway's exhausted one-minute window
        sandbox.Simulator.ForceNext(SimulatorEndpoint.StartConference, SimulatedAnswer.ServerError(503), times: 3);
        await time.AdvanceUntilDoneAsync(activation.ActivateAsync(user, "555000111", Password, CancellationToken.None), "three attempts answered 503");
        var startsBefore = sandbox.Simulator.StartRequests;
        var slowActivation = activation.ActivateAsync(user, "555000222", Password, CancellationToken.None);
        await Poll.UntilAsync(() => sandbox.Simulator.StartRequests > startsBefore, TimeSpan.FromSeconds(60), "the slow start request reaching the simulator");
        time.Advance(TimeSpan.FromSeconds(5)); // the attempt's timeout, whose timer was set before the request went out
        var slow = await slowActivation.WaitAsync(TimeSpan.FromSeconds(60));
        await activation.SignOutAsync(user, CancellationToken.None);

        var secrets = new List<string> { sandbox.Simulator.Options.AppKey, Password };
        secrets.AddRange(tokensBeforeRevoke);
        secrets.AddRange(sandbox.Simulator.IssuedAccessTokens);
        var logged = sandbox.Logs.GetSnapshot()
            .Select(r => string.Join(" | ", [r.Level.ToString(), r.Category, r.Message, r.Exception?.ToString(),
                .. (r.StructuredState ?? []).Select(kv => $"{kv.Key}={kv.Value}")]))
            .ToList();

        Assert.True(activated.IsActivated, activated.ToString());
        Assert.Equal(ActivationOutcome.RateLimited, rateLimited.Outcome);
        Assert.Equal(ActivationOutcome.TimedOut, slow.Outcome);
        Assert.True(tokensBeforeRevoke.Count > 0 && secrets.Count > 3);
        Assert.Contains(logged, line => line.Contains("555000111", StringComparison.Ordinal));
        Assert.Contains(logged, line => line.StartsWith("Debug | MeetingBot.Meetings.Huawei.HuaweiMeetingClient", StringComparison.Ordinal));
        Assert.Contains(logged, line => line.Contains("| Polly |", StringComparison.Ordinal) && line.Contains("OnRetry", StringComparison.Ordinal));
        Assert.Contains(logged, line => line.Contains("| MeetingBot.Sandbox.HuaweiSimulator |", StringComparison.Ordinal));
        foreach (var secret in secrets)
        {
            var leaks = logged.Where(line => line.Contains(secret, StringComparison.Ordinal)).ToList();
            Assert.True(leaks.Count == 0, "Secret logged in:\n" + string.Join("\n", leaks));
        }

        Assert.DoesNotContain(logged, line => line.Contains("signature=", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(sandbox.Simulator.Requests, r => r.ToString().Contains(Password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Service_provider_mode_logs_no_app_key_of_any_organisation()
    {
        var spAppKey = "sp-" + System.Security.Cryptography.RandomNumberGenerator.GetHexString(40, lowercase: true);
        var ownAppKey = "own-" + System.Security.Cryptography.RandomNumberGenerator.GetHexString(40, lowercase: true);
        await using var sandbox = await SandboxHarness.StartAsync(
            simulator =>
            {
                simulator.ServiceProviderAppKey = spAppKey;
                simulator.AppKey = ownAppKey;
                simulator.Meetings.Add(new SimulatedMeeting("555000111", Password, "100.94.23.50"));
            },
            new Dictionary<string, string?>
            {
                ["HuaweiMeeting:Mode"] = "ServiceProvider",
                ["HuaweiMeeting:AppId"] = "sandbox-sp-app",
                ["HuaweiMeeting:AppKey"] = spAppKey,
                ["HuaweiMeeting:ShareProfile"] = "NameAndEmail",
                ["HuaweiMeeting:Enterprises:0:Tenant"] = "tenant-contoso",
                ["HuaweiMeeting:Enterprises:0:CorpId"] = HuaweiSimulatorOptions.ContosoCorpId,
                ["HuaweiMeeting:Enterprises:1:Tenant"] = "tenant-fabrikam",
                ["HuaweiMeeting:Enterprises:1:CorpId"] = HuaweiSimulatorOptions.FabrikamCorpId,
                ["HuaweiMeeting:Enterprises:2:Tenant"] = "tenant-own-app",
                ["HuaweiMeeting:Enterprises:2:AppId"] = "sandbox-app",
                ["HuaweiMeeting:Enterprises:2:AppKey"] = ownAppKey,
            });
        var activation = sandbox.Activation;
        var outcomes = new List<ActivationResult>();
        foreach (var tenant in new[] { "tenant-contoso", "tenant-fabrikam", "tenant-own-app", "tenant-unmapped" })
        {
            var user = new ChatUser("msteams", tenant, "29:dave", AadObjectId: "aad-dave", DisplayName: "Dave")
            {
                LookUpEmail = _ => Task.FromResult<string?>("dave@example.test"),
            };
            outcomes.Add(await activation.ActivateAsync(user, "555000111", Password, CancellationToken.None));
            sandbox.Simulator.ForceNext(SimulatorEndpoint.AppAuth, SimulatedAnswer.ServerError(503));
            sandbox.Simulator.RevokeAllTokens();
            outcomes.Add(await activation.ActivateAsync(user, "555000111", Password + "x", CancellationToken.None));
            await activation.SignOutAsync(user, CancellationToken.None);
        }

        var logged = sandbox.Logs.GetSnapshot()
            .Select(r => string.Join(" | ", [r.Level.ToString(), r.Category, r.Message, r.Exception?.ToString(),
                .. (r.StructuredState ?? []).Select(kv => $"{kv.Key}={kv.Value}")]))
            .ToList();

        Assert.Equal(3, outcomes.Count(o => o.IsActivated));
        Assert.Contains(outcomes, o => o.Outcome == ActivationOutcome.OrganisationNotConnected);
        Assert.Contains(logged, line => line.Contains(HuaweiSimulatorOptions.FabrikamCorpId, StringComparison.Ordinal));
        Assert.Contains(logged, line => line.Contains("| Polly |", StringComparison.Ordinal));
        foreach (var secret in new[] { spAppKey, ownAppKey, Password })
        {
            var leaks = logged.Where(line => line.Contains(secret, StringComparison.Ordinal)).ToList();
            Assert.True(leaks.Count == 0, "Secret logged in:\n" + string.Join("\n", leaks));
        }

        Assert.DoesNotContain(logged, line => line.Contains("signature=", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(logged, line => line.Contains("dave@example.test", StringComparison.Ordinal));
    }
}
