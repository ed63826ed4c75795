using System.Diagnostics;
using System.Net;
using System.Text;
using MeetingBot.Cards;
using MeetingBot.Sandbox;
using MeetingBot.Testing;
using MeetingBot.Tests.Infrastructure;
using MeetingBot.Tests.Shutdown;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Xunit.Abstractions;

namespace MeetingBot.Tests.State;

/// <summary>
/// Issue 21, <c>Redis:Authentication=ManagedIdentity</c>, on the built bot as a real process (<see cref="BotProcess"/>,
/// Development: the sandbox is Huawei). Its tokens come from a stand-in for the managed identity endpoint
/// (<see cref="ManagedIdentityEndpoint"/>, through <c>IDENTITY_ENDPOINT</c>/<c>IDENTITY_HEADER</c>, as Container Apps and
/// App Service set them) that issues short-lived tokens; Redis is a real redis-server behind <see cref="EntraIdRedis"/>,
/// which accepts a token as the password of the ACL user named after its <c>oid</c>, removes it when it expires and
/// closes the connections still signed in with it, as Azure does. Turns are Teams Universal Actions (their answer is the
/// HTTP response), each on a new card.
/// </summary>
[Collection(BotProcesses.Name)]
public sealed class EntraIdRedisTests(ITestOutputHelper output)
{
    private const string Unavailable = "MeetingBot is temporarily unavailable. Please try again shortly.";
    private const int Rotations = 3;
    private static readonly TimeSpan AnswerDeadline = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan RecoveryDeadline = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Turns_keep_working_across_token_rotations_as_every_connection_signs_in_again_before_its_token_expires()
    {
        await using var identity = await ManagedIdentityEndpoint.StartAsync();
        identity.TokenLifetime = TimeSpan.FromMinutes(1);
        await using var redis = await EntraIdRedis.StartAsync(identity);
        redis.AssignAccessPolicy(identity.ObjectId);
        await using var connector = await ConnectorListener.StartAsync();
        var clientId = Guid.NewGuid().ToString();
        await using var bot = await StartBotAsync(identity, redis, ("Redis:ManagedIdentityClientId", clientId));

        var turns = 0;
        var failed = new List<string>();
        var running = Stopwatch.StartNew();
        while (redis.ExpiredTokens < Rotations)
        {
            Assert.True(running.Elapsed < TimeSpan.FromMinutes(4), $"{redis.ExpiredTokens} tokens expired in 4 minutes\n{bot.Output}");
            var answer = await ClickAsync(bot, connector, turns++);
            if (!answer.Texts.Contains(HuaweiSimulatorOptions.DemoRegionIp))
            {
                failed.Add($"turn {turns} at {running.Elapsed.TotalSeconds:F1} s: {string.Join(" | ", answer.Texts)}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }

        var connections = redis.Connections;
        var users = await redis.ClientUsersAsync();
        output.WriteLine($"{turns} turns in {running.Elapsed.TotalSeconds:F0} s across {redis.ExpiredTokens} expired tokens; {failed.Count} failed");
        output.WriteLine($"{identity.Requests.Count} tokens issued; connections through the gate: {string.Join(", ", connections)}");
        Assert.Empty(failed);
        Assert.NotEmpty(users);
        Assert.All(users, user => Assert.Equal(identity.ObjectId, user));
        var interactive = connections.Where(connection => !connection.Subscribed).ToList();
        Assert.NotEmpty(interactive);
        Assert.DoesNotContain(interactive, connection => connection.ClosedOnExpiredToken);
        Assert.Contains(interactive, connection => connection.SignIns > Rotations);
        // The pub/sub connection cannot sign in again while subscribed: closed when its token expires, it comes straight back.
        output.WriteLine($"pub/sub connections closed on an expired token (and reopened): {connections.Count(c => c.Subscribed && c.ClosedOnExpiredToken)}");
        AssertTokensAskedForRedisBy(identity, clientId);
        AssertNoTokenIn(bot.Output, identity);
    }

    [Fact]
    public async Task A_token_Redis_refuses_gets_the_friendly_answer_and_service_returns_once_a_good_token_is_issued()
    {
        await using var identity = await ManagedIdentityEndpoint.StartAsync();
        identity.TokenLifetime = TimeSpan.FromSeconds(30);
        await using var redis = await EntraIdRedis.StartAsync(identity);
        var goodIdentity = identity.ObjectId;
        redis.AssignAccessPolicy(goodIdentity);
        await using var connector = await ConnectorListener.StartAsync();
        var clientId = Guid.NewGuid().ToString();
        await using var bot = await StartBotAsync(identity, redis, ("Redis:ManagedIdentityClientId", clientId));
        var turn = 0;
        Assert.Contains(HuaweiSimulatorOptions.DemoRegionIp, (await ClickAsync(bot, connector, turn++)).Texts);

        // From now on the endpoint issues tokens of an identity Redis has no access policy for: Redis refuses them. The
        // connections keep the token they signed in with until it expires and Azure closes them.
        identity.ObjectId = Guid.NewGuid().ToString();
        var refusing = Stopwatch.StartNew();
        // As the gate reads it: the exp claim, in whole seconds.
        var lastGoodExpiry = identity.Requests
            .Where(request => request.AccessToken is not null)
            .Select(request => SigningKey.Claims(request.AccessToken!))
            .Where(claims => claims.GetProperty("oid").GetString() == goodIdentity)
            .Max(claims => DateTimeOffset.FromUnixTimeSeconds(claims.GetProperty("exp").GetInt64()));
        var servedUntil = TimeSpan.Zero;
        while (true)
        {
            Assert.True(refusing.Elapsed < identity.TokenLifetime + TimeSpan.FromSeconds(15), $"no outage after the last good token expired\n{bot.Output}");
            var answer = await ClickAsync(bot, connector, turn++);
            AssertTimely(answer);
            if (answer.Texts.Contains(Unavailable))
            {
                Assert.Equal(Unavailable, Assert.Single(answer.Texts));
                break;
            }

            Assert.Contains(HuaweiSimulatorOptions.DemoRegionIp, answer.Texts);
            servedUntil = refusing.Elapsed;
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }

        var outageAt = refusing.Elapsed;
        var outageAfterExpiry = DateTimeOffset.UtcNow - lastGoodExpiry;
        for (var i = 0; i < 3; i++)
        {
            var answer = await ClickAsync(bot, connector, turn++);
            AssertTimely(answer);
            Assert.Equal(Unavailable, Assert.Single(answer.Texts));
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }

        identity.ObjectId = goodIdentity;
        var goodAgainAt = refusing.Elapsed;
        var back = Stopwatch.StartNew();
        var friendlyWhileRecovering = 0;
        while (true)
        {
            var answer = await ClickAsync(bot, connector, turn++);
            AssertTimely(answer);
            if (answer.Texts.Contains(HuaweiSimulatorOptions.DemoRegionIp))
            {
                break;
            }

            Assert.Equal(Unavailable, Assert.Single(answer.Texts));
            friendlyWhileRecovering++;
            Assert.True(back.Elapsed < RecoveryDeadline, $"no activation within {RecoveryDeadline} of good tokens being issued again\n{bot.Output}");
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        var recovery = back.Elapsed;
        output.WriteLine($"Tokens Redis refuses issued from 0 s; turns served on the last good token until {servedUntil.TotalSeconds:F1} s; "
            + $"the friendly answer from {outageAt.TotalSeconds:F1} s ({outageAfterExpiry.TotalSeconds:F1} s after that token expired); "
            + $"good tokens again from {goodAgainAt.TotalSeconds:F1} s; an activation {recovery.TotalMilliseconds:F0} ms after that "
            + $"({friendlyWhileRecovering} friendly answers meanwhile); {redis.RefusedSignIns} sign-ins refused");
        Assert.True(redis.RefusedSignIns > 0);
        Assert.Contains("Redis refused the new Microsoft Entra token", bot.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("correlation", bot.Output, StringComparison.OrdinalIgnoreCase);
        AssertTokensAskedForRedisBy(identity, clientId);
        AssertNoTokenIn(bot.Output, identity);
    }

    public const string BotIdentity = "5f0c1a8e-3c57-4a0e-9d7b-2f64a1e0b001";
    public const string RedisIdentity = "7d2e4b90-1f3a-4c6d-8e5f-a0b1c2d3e002";

    /// <summary>Which identity's token the app asks for, by the settings: <c>null</c> is the system-assigned identity.</summary>
    public static TheoryData<string[], string?> IdentityChoices => new()
    {
        { ["MicrosoftAppType=UserAssignedMSI", $"MicrosoftAppId={BotIdentity}"], BotIdentity },
        { ["MicrosoftAppType=UserAssignedMSI", $"MicrosoftAppId={BotIdentity}", $"Redis:ManagedIdentityClientId={RedisIdentity}"], RedisIdentity },
        { [], null },
    };

    [Theory]
    [MemberData(nameof(IdentityChoices))]
    public async Task Without_a_client_id_Redis_signs_in_as_the_bots_own_user_assigned_identity_else_the_system_assigned_one(string[] settings, string? expectedClientId)
    {
        await using var identity = await ManagedIdentityEndpoint.StartAsync();
        await using var redis = await EntraIdRedis.StartAsync(identity);
        redis.AssignAccessPolicy(identity.ObjectId);
        await using var bot = await StartBotAsync(
            identity, redis, [.. settings.Select(setting => (setting.Split('=')[0], setting.Split('=')[1])), ("MicrosoftAppTenantId", identity.TenantId)]);

        AssertTokensAskedForRedisBy(identity, expectedClientId);
        Assert.All(await redis.ClientUsersAsync(), user => Assert.Equal(identity.ObjectId, user));
        AssertNoTokenIn(bot.Output, identity);
    }

    private static async Task<BotProcess> StartBotAsync(ManagedIdentityEndpoint identity, EntraIdRedis redis, params (string Key, string Value)[] settings)
    {
        var bot = await BotProcess.StartAsync(
            new Dictionary<string, string>
            {
                ["Redis:ConnectionString"] = redis.Address,
                ["Redis:Authentication"] = "ManagedIdentity",
                ["State:LocalTokenLifetime"] = "00:00:00",
                ["Protection:AttemptsPerMinute"] = "1000",
                ["Bot:InvokeReplyBudget"] = "00:00:10",
                ["Logging:LogLevel:MeetingBot.State.Redis.EntraId"] = "Debug",
            }.Concat(settings.Select(setting => KeyValuePair.Create(setting.Key, setting.Value))).ToDictionary(),
            new Dictionary<string, string>(identity.EnvironmentVariables)
            {
                ["Redis__DataProtectionCertificate"] = TestCertificates.DataProtectionPfxBase64(),
            });
        try
        {
            await WaitUntilReadyAsync(bot);
            return bot;
        }
        catch
        {
            await bot.DisposeAsync();
            throw;
        }
    }

    private static async Task WaitUntilReadyAsync(BotProcess bot)
    {
        using var http = new HttpClient { BaseAddress = bot.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while ((await http.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode != HttpStatusCode.OK)
        {
            Assert.True(DateTime.UtcNow < deadline, $"not ready within 30 s:\n{bot.Output}");
            await Task.Delay(100);
        }
    }

    private sealed record Answer(IReadOnlyList<string> Texts, TimeSpan Took);

    /// <summary>Clicks Activate for the demo meeting on a new Teams card, as one of four users; the answer's text blocks.</summary>
    private static async Task<Answer> ClickAsync(BotProcess bot, ConnectorListener connector, int turn)
    {
        var activity = ActivityFixtures.Load(ActivityFixtures.TeamsInvoke);
        activity["id"] = $"invoke-{Guid.NewGuid():N}";
        activity["serviceUrl"] = connector.ServiceUrl.ToString();
        activity["conversation"]!["id"] = $"a:entra-{turn % 4}";
        activity["from"]!["id"] = $"29:entra-user-{turn % 4}";
        ((JObject)activity["from"]!).Remove("aadObjectId");
        activity["replyToId"] = $"card-{Guid.NewGuid():N}";
        activity["value"] = new JObject
        {
            ["action"] = new JObject
            {
                ["type"] = "Action.Execute",
                ["verb"] = CardVerbs.Activate,
                ["data"] = new JObject
                {
                    [CardData.Verb] = CardVerbs.Activate,
                    [CardInputs.MeetingId] = HuaweiSimulatorOptions.DemoMeetingId,
                    [CardInputs.Password] = HuaweiSimulatorOptions.DemoPassword,
                },
            },
            ["trigger"] = "manual",
        };

        using var http = new HttpClient { BaseAddress = bot.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var watch = Stopwatch.StartNew();
        using var response = await http.PostAsync("/api/messages", new StringContent(activity.ToString(Formatting.None), Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        var took = watch.Elapsed;
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}\n{bot.Output}");
        return new Answer([.. ((JObject)JObject.Parse(body)["value"]!).TextBlocks()], took);
    }

    private static void AssertTimely(Answer answer) =>
        Assert.True(answer.Took < AnswerDeadline, $"answered after {answer.Took}: {string.Join(" | ", answer.Texts)}");

    private static void AssertTokensAskedForRedisBy(ManagedIdentityEndpoint identity, string? clientId)
    {
        Assert.NotEmpty(identity.Requests);
        Assert.All(identity.Requests, request =>
        {
            Assert.Equal(EntraIdRedis.Audience, request.Resource);
            Assert.Equal(clientId, request.ClientId);
            Assert.True(request.SecretMatched);
            Assert.NotNull(request.AccessToken);
        });
    }

    private static void AssertNoTokenIn(string output, ManagedIdentityEndpoint identity) =>
        Assert.All(identity.Requests, request => Assert.DoesNotContain(request.AccessToken!, output, StringComparison.Ordinal));
}
