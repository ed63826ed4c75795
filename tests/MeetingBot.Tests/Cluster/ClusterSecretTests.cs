using MeetingBot.Cards;
using MeetingBot.Sandbox;
using MeetingBot.State.AccessTokens;
using MeetingBot.State;
using MeetingBot.Tests.Infrastructure;
using MeetingBot.Tests.State;
using Xunit.Abstractions;

namespace MeetingBot.Tests.Cluster;

/// <summary>
/// After a run over every channel and replica of the cluster (<see cref="BotCluster"/>), a dump of every key and value in
/// Redis (on every master of a Redis Cluster) holds no secret in clear: no meeting password (right or wrong), access
/// token, App Key, Slack signing secret or response_url. Dumped twice: while late outcomes are still owed, and once they
/// were delivered. On one redis-server (<see cref="ClusterSecretTests"/>) and on a Redis Cluster of three masters
/// (<see cref="ClusterSecretOnRedisClusterTests"/>).
/// </summary>
public abstract class NoSecretInRedisTests(BotCluster cluster, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly string DemoPassword = HuaweiSimulatorOptions.DemoPassword;

    public Task InitializeAsync() => cluster.EnsureAllRunningAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task After_a_run_over_every_channel_and_replica_no_secret_is_in_Redis_in_clear()
    {
        var secret = BotCluster.SecretMeeting;
        var slow = HuaweiSimulatorOptions.SlowMeetingId;
        var id = Guid.NewGuid().ToString("N");
        var fastHook = cluster.SlackHooks.NewResponseUrl();
        var slowHook = cluster.SlackHooks.NewResponseUrl();
        const string WrongPassword = "Wrong-Pa55word-3b71e0";

        // Teams (Action.Execute, a fast and a slow meeting), Web Chat (a form), the Emulator (typed, and a wrong
        // password) and Slack (a fast and a slow slash command): every replica takes some.
        var webChat = cluster.Conversation(2, ActivityFixtures.WebChat, $"cluster-secrets-webchat-{id}");
        var form = (await webChat.SendTextAsync("activate")).SingleCard();
        var answers = await Task.WhenAll(
            cluster.ExecuteAsync(0, $"cluster-secrets-teams-{id}", $"secrets-card-{id}", secret.ConferenceId, secret.Password),
            cluster.ExecuteAsync(1, $"cluster-secrets-teams-slow-{id}", $"secrets-slow-card-{id}", slow, DemoPassword),
            ClusterTurns.SubmitAsync(2, webChat, form.Action(CardVerbs.Activate), FormInputs.Of(secret.ConferenceId, secret.Password)),
            cluster.TypeActivateAsync(0, $"cluster-secrets-emulator-{id}", secret.ConferenceId, secret.Password),
            cluster.TypeActivateAsync(1, $"cluster-secrets-emulator-{id}", secret.ConferenceId, WrongPassword),
            cluster.SlashCommandAsync(1, $"U{id[..8]}", $"{secret.ConferenceId} {secret.Password}", fastHook),
            cluster.SlashCommandAsync(2, $"U{id[8..16]}", $"{slow} {DemoPassword}", slowHook));
        // On a busy machine a fast activation may outlast the reply budget too: then it is owed like the slow ones.
        var report = string.Join("\n", answers.Select(a => a.ToString()));
        Assert.True(answers.Count(a => a.Shows(secret.RegionIp) || a.Shows($"Activating meeting {secret.ConferenceId}")) == 4, report);
        Assert.True(answers.Count(a => a.Shows($"Activating meeting {slow}")) == 2, report);

        // While the slow ones are owed (their late-outcome records are in Redis), and once they were delivered.
        var whileOwed = await RedisDump.AllAsync(cluster.Redis.ConnectionString);
        await cluster.Connector.WaitForAsync(call => call.Method == "PUT" && call.Path.EndsWith($"/activities/secrets-slow-card-{id}", StringComparison.Ordinal));
        var slackLate = await cluster.SlackHooks.PostToAsync(slowHook, TimeSpan.FromSeconds(30));
        Assert.Contains(HuaweiSimulatorOptions.SlowRegionIp, slackLate.Body, StringComparison.Ordinal);
        var afterwards = await RedisDump.AllAsync(cluster.Redis.ConnectionString);

        string[] secrets =
        [
            secret.Password, WrongPassword, DemoPassword, cluster.Huawei.Options.AppKey, BotCluster.SlackSigningSecret,
            fastHook.ToString(), slowHook.ToString(), fastHook.AbsolutePath, slowHook.AbsolutePath,
            .. cluster.Huawei.IssuedAccessTokens,
        ];
        output.WriteLine($"{whileOwed.Count} keys while owed, {afterwards.Count} after; {secrets.Length} secrets looked for");
        Assert.Contains(whileOwed.Keys, key => key.StartsWith(RedisAccessTokenStore.KeyPrefix, StringComparison.Ordinal));
        Assert.Contains(whileOwed.Keys, key => key.Contains(id, StringComparison.Ordinal));
        foreach (var (key, value) in whileOwed.Concat(afterwards))
        {
            var leaked = secrets.Where(s => (key + value).Contains(s, StringComparison.Ordinal)).ToList();
            Assert.True(leaked.Count == 0, $"{key} holds a secret in clear");
        }
    }
}

/// <summary><see cref="NoSecretInRedisTests"/> on one redis-server.</summary>
[Collection(ClusterDefinition.Name)]
public sealed class ClusterSecretTests(BotCluster cluster, ITestOutputHelper output) : NoSecretInRedisTests(cluster, output);
