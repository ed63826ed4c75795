using System.Diagnostics;
using MeetingBot.Sandbox;
using MeetingBot.Testing;
using MeetingBot.Tests.Infrastructure;
using Newtonsoft.Json.Linq;

namespace MeetingBot.Tests.Integration;

/// <summary>
/// <c>HuaweiMeeting:ShareProfile=NameAndEmail</c> in Teams through the real host: the email comes from the member roster
/// (a loopback Bot Connector), once per sign-in, and a roster that hangs never holds the sign-in beyond its bound.
/// </summary>
public sealed class ProfileOnSignInTests : IAsyncLifetime
{
    private static readonly TimeSpan EmailLookupTimeout = TimeSpan.FromMilliseconds(500);
    private MeetingBotApplication? _host;

    private MeetingBotApplication Host => _host!;

    public async Task InitializeAsync() => _host = await MeetingBotApplication.StartAsync(new Dictionary<string, string>
    {
        ["Bot:InvokeReplyBudget"] = "00:00:10",
        ["HuaweiMeeting:ShareProfile"] = "NameAndEmail",
        ["HuaweiMeeting:EmailLookupTimeout"] = EmailLookupTimeout.ToString(),
    });

    public async Task DisposeAsync() => await Host.DisposeAsync();

    private static Task<ConnectorCall> ResultPosted(ConnectorListener connector) =>
        connector.WaitForAsync(c => c.Method == "POST" && c.Body?["attachments"]?.ToString().Contains(HuaweiSimulatorOptions.DemoRegionIp, StringComparison.Ordinal) == true);

    [Fact]
    public async Task The_email_comes_from_the_Teams_roster_once_per_sign_in()
    {
        await using var connector = await ConnectorListener.StartAsync();
        connector.Member = new JObject { ["id"] = "29:member", ["name"] = "Roster Name", ["email"] = "alice@contoso.example", ["userPrincipalName"] = "alice@contoso.onmicrosoft.example" };
        var chat = Host.Conversation(ActivityFixtures.TeamsPersonal).UseServiceUrl(connector.ServiceUrl);

        await chat.SendTextAsync($"activate {HuaweiSimulatorOptions.DemoMeetingId} {HuaweiSimulatorOptions.DemoPassword}");
        await ResultPosted(connector);
        await chat.SendTextAsync($"activate {HuaweiSimulatorOptions.DemoMeetingId} {HuaweiSimulatorOptions.DemoPassword}");
        await connector.WaitForAsync(c => c.Method == "POST" && c.Body?["attachments"] is not null && connector.Calls.Count(p => p.Body?["attachments"] is not null) >= 2);

        var account = Assert.Single(Host.Simulator.Accounts, a => a.UserName is not null && a.UserEmail == "alice@contoso.example");
        Assert.False(string.IsNullOrWhiteSpace(account.UserName));
        // The second activation used the cached token: no second roster lookup.
        Assert.Single(connector.Calls, c => c.Method == "GET" && c.Path.Contains("/members/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_roster_call_that_hangs_does_not_delay_the_sign_in_beyond_its_bound()
    {
        await using var connector = await ConnectorListener.StartAsync();
        connector.HangMemberLookups = true;
        var chat = Host.Conversation(ActivityFixtures.TeamsPersonal).UseServiceUrl(connector.ServiceUrl);
        var signInsBefore = Host.Simulator.AuthRequests;

        var clock = Stopwatch.StartNew();
        await chat.SendTextAsync($"activate {HuaweiSimulatorOptions.DemoMeetingId} {HuaweiSimulatorOptions.DemoPassword}");
        await ResultPosted(connector);
        clock.Stop();

        // Without the bound the sign-in would wait for the roster until the activation's 12 s deadline and time out.
        Assert.Contains(connector.Calls, c => c.Method == "GET" && c.Path.Contains("/members/", StringComparison.Ordinal));
        Assert.Equal(signInsBefore + 1, Host.Simulator.AuthRequests);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"The activation took {clock.Elapsed}");
        Assert.Contains(Host.Logs.GetSnapshot(), r => r.Message.Contains("email was not found within", StringComparison.Ordinal));
        Assert.Contains(Host.Simulator.Accounts, a => a.UserName is not null && a.UserEmail is null);
    }
}
