using System.Diagnostics;
using MeetingBot.LateOutcomes;
using MeetingBot.Localization;
using MeetingBot.Sandbox;
using MeetingBot.State;
using MeetingBot.Tests.Infrastructure;
using MeetingBot.Tests.Slack;
using MeetingBot.Tests.State;
using Newtonsoft.Json.Linq;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace MeetingBot.Tests.Shutdown;

/// <summary>
/// Two real bot processes sharing a real redis-server and one Huawei (<see cref="SlowHuawei"/>: its slow meeting answers
/// only when the test says). Replica A shows "activating…" and is killed with SIGKILL, so nothing of it runs after;
/// replica B's sweeper resolves the orphaned card within 30 s of the death: "lost track" when A died before Huawei
/// answered, the outcome when A had recorded it. Huawei is asked to start the meeting once, by A: never again.
/// </summary>
[Collection(BotProcesses.Name)]
public sealed class TeamsSigkillTests(RedisServer redis, ITestOutputHelper output) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private static readonly TimeSpan ResolvedWithin = TimeSpan.FromSeconds(30);

    public Task InitializeAsync() => redis.FlushAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_replica_killed_before_Huawei_answered_has_its_Teams_card_told_the_bot_lost_track_by_the_other_replica_in_the_users_language()
    {
        await using var huawei = await SlowHuawei.StartAsync();
        await using var connector = await ConnectorListener.StartAsync();
        var (a, b) = await Replicas.StartTwoAsync(redis, huawei);
        await using (a)
        await using (b)
        {
            await TeamsSigtermTests.ActivateSlowMeetingAsync(a, connector.ServiceUrl, "card-51", locale: "zh-CN");
            await huawei.StartRequestedAsync();
            await Replicas.WaitForOpenRecordAsync(redis);

            await a.KillAsync();
            var killed = Stopwatch.StartNew();
            var update = await connector.WaitForAsync(c => c.Method == "PUT", ResolvedWithin);
            var resolvedAfter = killed.Elapsed;
            output.WriteLine($"card resolved {resolvedAfter.TotalSeconds:F1} s after the SIGKILL");

            Assert.EndsWith("/activities/card-51", update.Path, StringComparison.Ordinal);
            Assert.Equal(BotText.For("zh-CN").Format(nameof(Strings.LostTrackNotice), HuaweiSimulatorOptions.SlowMeetingId), update.Body!.Value<string>("text"));
            Assert.True(resolvedAfter < ResolvedWithin, $"resolved {resolvedAfter} after the SIGKILL\n{b.Output}");
            Assert.DoesNotContain(HuaweiSimulatorOptions.SlowRegionIp, update.Body.ToString(), StringComparison.Ordinal);
            await b.WaitForOutputAsync("was left by a replica that stopped; delivering LostTrackReply", TimeSpan.FromSeconds(10));
            await Replicas.WaitUntilNoRecordAsync(redis);
            Assert.Single(connector.Calls, c => c.Method == "PUT");
            Assert.False(huawei.Answered);
            Assert.Equal(1, huawei.Starts);
        }
    }

    [Fact]
    public async Task A_replica_killed_after_recording_the_outcome_has_that_outcome_delivered_to_the_Teams_card_by_the_other_replica()
    {
        await using var huawei = await SlowHuawei.StartAsync();
        await using var connector = await ConnectorListener.StartAsync();
        var (a, b) = await Replicas.StartTwoAsync(redis, huawei);
        await using (a)
        await using (b)
        {
            // Huawei answers; A records the outcome, then tries to update the card: the connector holds that update, and A dies.
            connector.HangUpdates = true;
            await TeamsSigtermTests.ActivateSlowMeetingAsync(a, connector.ServiceUrl, "card-52");
            await huawei.StartRequestedAsync();
            await huawei.AnswerAsync();
            var held = await connector.WaitForAsync(c => c.Method == "PUT", ResolvedWithin);
            connector.HangUpdates = false;
            Assert.True(await Replicas.OutcomeRecordedAsync(redis), $"A tried to deliver before its outcome was in Redis:\n{a.Output}");

            await a.KillAsync();
            var killed = Stopwatch.StartNew();
            var update = await connector.WaitForAsync(c => c.Method == "PUT" && !ReferenceEquals(c, held), ResolvedWithin);
            var resolvedAfter = killed.Elapsed;
            output.WriteLine($"card resolved {resolvedAfter.TotalSeconds:F1} s after the SIGKILL");

            Assert.EndsWith("/activities/card-52", update.Path, StringComparison.Ordinal);
            Assert.True(update.Body!.ToString().Contains(HuaweiSimulatorOptions.SlowRegionIp, StringComparison.Ordinal), $"{update.Body}\n{b.Output}");
            Assert.True(JToken.DeepEquals(held.Body!["attachments"], update.Body["attachments"]), $"A delivered:\n{held.Body}\nB delivered:\n{update.Body}");
            Assert.True(resolvedAfter < ResolvedWithin, $"resolved {resolvedAfter} after the SIGKILL\n{b.Output}");
            await b.WaitForOutputAsync("was left by a replica that stopped; delivering ResultReply", TimeSpan.FromSeconds(10));
            Assert.Equal(1, huawei.Starts);
        }
    }
}

[Collection(BotProcesses.Name)]
public sealed class SlackSigkillTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    public Task InitializeAsync() => redis.FlushAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_replica_killed_during_a_slash_command_has_the_other_replica_post_lost_track_to_response_url_kept_encrypted_in_Redis()
    {
        await using var huawei = await SlowHuawei.StartAsync();
        await using var hooks = new ResponseUrlListener();
        await hooks.StartAsync();
        var (a, b) = await Replicas.StartTwoAsync(redis, huawei);
        await using (a)
        await using (b)
        {
            var responseUrl = hooks.NewResponseUrl();
            await SlackSigtermTests.ActivateSlowMeetingAsync(a, responseUrl);
            await huawei.StartRequestedAsync();
            await Replicas.WaitForOpenRecordAsync(redis);

            var dump = await RedisDump.AllAsync(redis.ConnectionString);
            Assert.Contains(RedisLateOutcomeRecords.RecordKey(await Replicas.OpenRecordIdAsync(redis)).ToString(), dump.Keys);
            Assert.All(dump.Values, value => Assert.DoesNotContain(responseUrl.AbsolutePath, value, StringComparison.Ordinal));

            await a.KillAsync();
            var post = await hooks.NextPostAsync(TimeSpan.FromSeconds(30));

            Assert.Equal(responseUrl.AbsolutePath, post.Path);
            var text = System.Text.Json.JsonDocument.Parse(post.Body).RootElement.GetProperty("text").GetString();
            Assert.Equal(BotText.For("en").Format(nameof(Strings.LostTrackNotice), HuaweiSimulatorOptions.SlowMeetingId), text);
            Assert.Equal(1, huawei.Starts);
        }
    }
}

/// <summary>
/// The tests that run real bot processes with slow activations run one class at a time: several at once on a loaded
/// 2-core machine starve the processes for seconds (a loopback sign-in took 5 s), past the activation timeout.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BotProcesses
{
    public const string Name = "Real bot processes";
}

/// <summary>Two replicas of the real bot sharing one Redis (and one Data Protection certificate).</summary>
internal static class Replicas
{
    public static async Task<(BotProcess A, BotProcess B)> StartTwoAsync(RedisServer redis, SlowHuawei huawei)
    {
        var settings = huawei.BotSettings(
            ("Redis:ConnectionString", redis.ConnectionString),
            ("Redis:DataProtectionCertificate", TestCertificates.DataProtectionPfxBase64()),
            ("Bot:InvokeReplyBudget", "00:00:00.300"),
            ("Slack:SigningSecret", SlackSigtermTests.SigningSecret),
            ("Slack:AllowLoopbackResponseUrl", "true"),
            ("Slack:ReplyBudget", "00:00:00.300"));
        var a = BotProcess.StartAsync(settings);
        var b = BotProcess.StartAsync(settings);
        try
        {
            await Task.WhenAll(a, b);
        }
        catch
        {
            await DisposeStartedAsync(a);
            await DisposeStartedAsync(b);
            throw;
        }

        return (a.Result, b.Result);
    }

    /// <summary>The "activating…" answer went out before the record's write finished: wait for the record.</summary>
    public static Task WaitForOpenRecordAsync(RedisServer redis) => WaitAsync(redis, records => records > 0, "no late outcome record appeared in Redis");

    public static async Task<bool> OutcomeRecordedAsync(RedisServer redis)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        return await connection.GetDatabase().HashExistsAsync(RedisLateOutcomeRecords.RecordKey(await OpenRecordIdAsync(redis)), "outcome");
    }

    /// <summary>The one open record's id, from the leases sets of all shards.</summary>
    public static async Task<string> OpenRecordIdAsync(RedisServer redis)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var ids = new List<string>();
        foreach (var leases in RedisLateOutcomeRecords.AllLeasesKeys)
        {
            ids.AddRange((await connection.GetDatabase().SortedSetRangeByRankAsync(leases)).Select(id => id.ToString()));
        }

        return Assert.Single(ids);
    }

    public static Task WaitUntilNoRecordAsync(RedisServer redis) => WaitAsync(redis, records => records == 0, "the late outcome record was not closed");

    private static async Task WaitAsync(RedisServer redis, Func<int, bool> done, string failure)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!done(await OpenRecordsAsync(connection.GetDatabase())))
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(50);
        }
    }

    private static async Task<int> OpenRecordsAsync(IDatabase database)
    {
        var records = 0L;
        foreach (var leases in RedisLateOutcomeRecords.AllLeasesKeys)
        {
            records += await database.SortedSetLengthAsync(leases);
        }

        return (int)records;
    }

    private static async Task DisposeStartedAsync(Task<BotProcess> starting)
    {
        if (starting.IsCompletedSuccessfully)
        {
            await starting.Result.DisposeAsync();
        }
    }
}
