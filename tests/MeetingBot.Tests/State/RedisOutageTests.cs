using System.Diagnostics;
using System.Net;
using MeetingBot.Cards;
using MeetingBot.Channels.BotFramework;
using MeetingBot.Channels.Slack;
using MeetingBot.Conversation;
using MeetingBot.Hosting;
using MeetingBot.Meetings.Tokens;
using MeetingBot.Sandbox;
using MeetingBot.State.AccessTokens;
using MeetingBot.State.Redis.DataProtection;
using MeetingBot.State;
using MeetingBot.Tests.Infrastructure;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json.Linq;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace MeetingBot.Tests.State;

/// <summary>
/// Redis failing under the real app: stopped (its process killed), frozen (SIGSTOP), emptied, restarted empty. Users get
/// "temporarily unavailable" within 3 s on every channel, never a stack trace; readiness fails; the process keeps
/// running; service returns by itself within 5 s of Redis coming back; lost tokens mean a new sign-in, not an error.
/// The tests of this class run one after the other, each leaving Redis running.
/// </summary>
public sealed class RedisOutageTests(RedisOutageHost host, ITestOutputHelper output) : IClassFixture<RedisOutageHost>, IAsyncLifetime
{
    private const string Unavailable = "MeetingBot is temporarily unavailable. Please try again shortly.";
    private const string UnavailableInChinese = "MeetingBot 暂时不可用，请稍后重试。";
    private const string MeetingAndPassword = $"{HuaweiSimulatorOptions.DemoMeetingId} {HuaweiSimulatorOptions.DemoPassword}";
    private const string ActivateNow = $"activate {MeetingAndPassword}";

    private static readonly TimeSpan AnswerDeadline = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan RecoveryDeadline = TimeSpan.FromSeconds(5);

    /// <summary>Each test starts with Redis up and the app ready, whatever the test before it left.</summary>
    public async Task InitializeAsync()
    {
        if (!host.Redis.IsRunning)
        {
            await host.Redis.StartAsync();
        }

        await Poll.UntilAsync(async () => await ReadinessAsync() == HttpStatusCode.OK, TimeSpan.FromSeconds(30),
            "the app to be ready again once Redis runs", TimeSpan.FromMilliseconds(100));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Redis_stopped_every_channel_answers_temporarily_unavailable_within_3_seconds_and_readiness_fails()
    {
        var emulator = host.Conversation(ActivityFixtures.Emulator);
        var chinese = host.Conversation(ActivityFixtures.WebChat).WithLocale("zh-CN");
        var teams = host.Conversation(ActivityFixtures.TeamsPersonal);
        var teamsForm = (await teams.SendTextAsync("activate")).SingleCard();
        var errorsBefore = AdapterErrors();

        await host.Redis.StopAsync();
        try
        {
            var english = await TimedAsync(() => emulator.SendTextAsync(ActivateNow));
            var zh = await TimedAsync(() => chinese.SendTextAsync("帮助"));
            var teamsClick = await TimedAsync(() => teams.ExecuteAsync(
                teamsForm.Action(CardVerbs.Activate), FormInputs.Of(HuaweiSimulatorOptions.DemoMeetingId, HuaweiSimulatorOptions.DemoPassword)));
            var slack = await TimedAsync(() => SlashCommandTextAsync(MeetingAndPassword));
            var ready = await TimedAsync(() => host.Http.GetAsync(new Uri("/health/ready", UriKind.Relative)));

            Assert.Equal(Unavailable, Assert.Single(english.Texts()));
            Assert.Equal(UnavailableInChinese, Assert.Single(zh.Texts()));
            Assert.Equal(HttpStatusCode.OK, teamsClick.Status);
            Assert.Equal(Unavailable, Assert.Single(((JObject)teamsClick.Body!["value"]!).TextBlocks()));
            Assert.Equal(Unavailable, slack);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync(new Uri("/health/live", UriKind.Relative))).StatusCode);
            // Recognised as an outage, not reported as a bug with a correlation id.
            Assert.Equal(errorsBefore, AdapterErrors());
            Assert.Contains(host.Logs.GetSnapshot(), record => record.Level == LogLevel.Warning && record.Message.StartsWith("Redis is unavailable", StringComparison.Ordinal));
        }
        finally
        {
            await host.Redis.StartAsync();
        }

        await UntilActivatedAsync(emulator, RecoveryDeadline);
    }

    [Fact]
    public async Task Redis_frozen_answers_temporarily_unavailable_within_3_seconds_and_afterwards_the_cached_token_still_serves()
    {
        var chat = host.Conversation(ActivityFixtures.Emulator);
        Assert.Contains(HuaweiSimulatorOptions.DemoRegionIp, (await chat.SendTextAsync(ActivateNow)).SingleCard().TextBlocks());
        var signIns = host.Simulator.AuthRequests;

        await host.Redis.PauseAsync();
        try
        {
            // A channel without a reply budget (the turn waits): the answer's time is Redis's timeout alone.
            var message = await TimedAsync(() => chat.SendTextAsync(ActivateNow));

            Assert.Equal(Unavailable, Assert.Single(message.Texts()));
        }
        finally
        {
            await host.Redis.ResumeAsync();
        }

        await UntilActivatedAsync(chat, RecoveryDeadline);
        Assert.Equal(signIns, host.Simulator.AuthRequests);
    }

    [Fact]
    public async Task Service_returns_within_5_seconds_of_Redis_coming_back()
    {
        var chat = host.Conversation(ActivityFixtures.Emulator);
        var appsConnection = host.Services.GetRequiredService<IConnectionMultiplexer>();
        await host.Redis.StopAsync();
        // Redis comes back only once the app has seen it go: its connection down and readiness failing.
        await Poll.UntilAsync(async () => !appsConnection.IsConnected && await ReadinessAsync() == HttpStatusCode.ServiceUnavailable,
            TimeSpan.FromSeconds(10), "the app to see Redis gone (connection down, not ready)", TimeSpan.FromMilliseconds(100));

        await host.Redis.StartAsync();
        var back = Stopwatch.StartNew();
        await UntilActivatedAsync(chat, RecoveryDeadline);
        var ready = await host.Http.GetAsync(new Uri("/health/ready", UriKind.Relative));

        output.WriteLine($"An activation succeeded {back.Elapsed.TotalMilliseconds:F0} ms after redis-server answered PING again.");
        Assert.True(back.Elapsed < RecoveryDeadline, $"service returned {back.Elapsed} after Redis");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task Redis_emptied_or_restarted_empty_the_next_activation_signs_in_again_and_succeeds()
    {
        var chat = host.Conversation(ActivityFixtures.Emulator);
        await ActivateAsync(chat);
        await ActivateAsync(chat);
        var signIns = host.Simulator.AuthRequests;
        var errorsBefore = AdapterErrors();

        await host.Redis.FlushAsync();
        await ActivateAsync(chat);
        Assert.Equal(signIns + 1, host.Simulator.AuthRequests);

        await host.Redis.StopAsync();
        await host.Redis.StartAsync();
        // Data Protection's keys were lost with the rest: a new one is stored as soon as the app reconnects.
        await Poll.UntilAsync(DataProtectionKeysInRedisAsync, RecoveryDeadline, "a Data Protection key in Redis within 5 s of its restart", TimeSpan.FromMilliseconds(50));

        await UntilActivatedAsync(chat, RecoveryDeadline);
        await ActivateAsync(chat);

        Assert.Equal(signIns + 2, host.Simulator.AuthRequests);
        Assert.Equal(errorsBefore, AdapterErrors());

        // Another replica started now reads the token this one stored after the loss: both encrypt with the new key.
        var tokenKey = Assert.Single((await RedisDump.AllAsync(host.Redis.ConnectionString)).Keys,
            key => key.StartsWith(RedisAccessTokenStore.KeyPrefix, StringComparison.Ordinal))[RedisAccessTokenStore.KeyPrefix.Length..];
        await using var replica = MeetingBotApp.Build(
        [
            "--urls", "http://127.0.0.1:0", "--environment", "Development",
            $"--Redis:ConnectionString={host.Redis.Address}", $"--Redis:DataProtectionCertificate={host.Certificate}",
        ]);
        await replica.StartAsync();
        var seen = await replica.Services.GetRequiredService<IAccessTokenStore>().GetAsync(tokenKey, CancellationToken.None);
        var stored = await host.Services.GetRequiredService<IAccessTokenStore>().GetAsync(tokenKey, CancellationToken.None);
        Assert.NotNull(seen);
        Assert.Equal(stored?.Value, seen.Value);
        Assert.Contains(seen.Value, host.Simulator.IssuedAccessTokens);
    }

    private async Task<bool> DataProtectionKeysInRedisAsync() =>
        (await host.Redis.SendAsync($"EXISTS {RedisKeyRingRepository.KeysKey}")).StartsWith(":1", StringComparison.Ordinal);

    private static async Task ActivateAsync(BotConversation chat) =>
        Assert.Contains(HuaweiSimulatorOptions.DemoRegionIp, (await chat.SendTextAsync(ActivateNow)).SingleCard().TextBlocks());

    /// <summary>Activates until it succeeds; every answer before is the friendly one.</summary>
    private static Task UntilActivatedAsync(BotConversation chat, TimeSpan deadline) =>
        Poll.UntilAsync(
            async () =>
            {
                var replies = await chat.SendTextAsync(ActivateNow);
                if (replies.Cards().Any(card => card.TextBlocks().Contains(HuaweiSimulatorOptions.DemoRegionIp)))
                {
                    return true;
                }

                Assert.Equal(Unavailable, Assert.Single(replies.Texts()));
                return false;
            },
            deadline,
            $"an activation within {deadline} of Redis coming back",
            TimeSpan.FromMilliseconds(100));

    private async Task<HttpStatusCode> ReadinessAsync()
    {
        using var response = await host.Http.GetAsync(new Uri("/health/ready", UriKind.Relative));
        return response.StatusCode;
    }

    /// <summary>The text of a signed <c>/activate</c> slash command's immediate answer.</summary>
    private async Task<string?> SlashCommandTextAsync(string text)
    {
        using var response = await host.SendCommandAsync(host.Form("/activate", text));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JObject.Parse(await response.Content.ReadAsStringAsync()).Value<string>("text");
    }

    /// <summary>Turns that failed as bugs (the apology with a correlation id), on any channel.</summary>
    private int AdapterErrors() =>
        host.Logs.GetSnapshot().Count(record => record.Level >= LogLevel.Error && TurnFailureCategories.Contains(record.Category));

    private static readonly string[] TurnFailureCategories =
        [typeof(MeetingBotAdapter).FullName!, typeof(SlackCommandEndpoint).FullName!, typeof(ActivationsInFlight).FullName!];

    private async Task<T> TimedAsync<T>(Func<Task<T>> call)
    {
        var watch = Stopwatch.StartNew();
        var result = await call();
        output.WriteLine($"answered in {watch.Elapsed.TotalMilliseconds:F0} ms");
        Assert.True(watch.Elapsed < AnswerDeadline, $"answered after {watch.Elapsed}");
        return result;
    }
}
