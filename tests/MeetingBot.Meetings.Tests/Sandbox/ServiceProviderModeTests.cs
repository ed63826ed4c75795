using MeetingBot.Testing;
using System.Security.Cryptography;
using MeetingBot.Meetings.Activation;
using MeetingBot.Meetings.Protection;
using MeetingBot.Meetings.Tests.Support;
using MeetingBot.Sandbox;
using MeetingBot.State.ActivationGuards;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace MeetingBot.Meetings.Tests.Sandbox;

/// <summary>
/// Service-provider mode through the real registration and HttpClient against the simulator on loopback: each tenant signs
/// in to its own Huawei enterprise, unmapped tenants never reach Huawei, and an entry with its own app signs in single-enterprise style.
/// </summary>
public class ServiceProviderModeTests
{
    private const string ContosoTenant = "0b1c2d3e-contoso-tenant";
    private const string FabrikamTenant = "T0FABRIKAM";
    private const string OwnAppTenant = "9f8e7d6c-own-app-tenant";

    private readonly string _spAppKey = RandomNumberGenerator.GetHexString(40, lowercase: true);
    private readonly string _ownAppKey = RandomNumberGenerator.GetHexString(40, lowercase: true);

    private Task<SandboxHarness> StartAsync(params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["HuaweiMeeting:Mode"] = "ServiceProvider",
            ["HuaweiMeeting:AppId"] = "sandbox-sp-app",
            ["HuaweiMeeting:AppKey"] = _spAppKey,
            ["HuaweiMeeting:Enterprises:0:Tenant"] = ContosoTenant,
            ["HuaweiMeeting:Enterprises:0:CorpId"] = HuaweiSimulatorOptions.ContosoCorpId,
            ["HuaweiMeeting:Enterprises:1:Tenant"] = FabrikamTenant,
            ["HuaweiMeeting:Enterprises:1:CorpId"] = HuaweiSimulatorOptions.FabrikamCorpId,
            // The customer that brings its own single-enterprise app: the simulator's single-enterprise app.
            ["HuaweiMeeting:Enterprises:2:Tenant"] = OwnAppTenant,
            ["HuaweiMeeting:Enterprises:2:AppId"] = "sandbox-app",
            ["HuaweiMeeting:Enterprises:2:AppKey"] = _ownAppKey,
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return SandboxHarness.StartAsync(
            simulator =>
            {
                simulator.ServiceProviderAppKey = _spAppKey;
                simulator.AppKey = _ownAppKey;
            },
            settings);
    }

    private static ChatUser User(string tenant, string userId = "29:alice", string? name = "Alice Example") =>
        new("msteams", tenant, userId, AadObjectId: "aad-alice", DisplayName: name);

    [Fact]
    public async Task Users_of_two_tenants_sign_in_with_their_own_corp_ids_and_activate()
    {
        await using var sandbox = await StartAsync();

        var contoso = await sandbox.Activation.ActivateAsync(User(ContosoTenant), HuaweiSimulatorOptions.DemoMeetingId, HuaweiSimulatorOptions.DemoPassword, CancellationToken.None);
        var fabrikam = await sandbox.Activation.ActivateAsync(
            User(FabrikamTenant, "U0BOB", "Bob") with { AadObjectId = null }, HuaweiSimulatorOptions.DemoMeetingId, HuaweiSimulatorOptions.DemoPassword, CancellationToken.None);

        Assert.Equal((ActivationOutcome.Activated, HuaweiSimulatorOptions.DemoRegionIp), (contoso.Outcome, contoso.RegionIp));
        Assert.Equal((ActivationOutcome.Activated, HuaweiSimulatorOptions.DemoRegionIp), (fabrikam.Outcome, fabrikam.RegionIp));
        var signIns = sandbox.Simulator.Requests.Where(r => r.Endpoint == SimulatorEndpoint.AppAuth).ToList();
        Assert.All(signIns, r => Assert.Equal(200, r.StatusCode));
        Assert.Equal(
            [("aad-alice", HuaweiSimulatorOptions.ContosoCorpId), ("U0BOB", HuaweiSimulatorOptions.FabrikamCorpId)],
            signIns.Select(r => (r.UserId, r.CorpId)));
        Assert.Equal(
            [HuaweiSimulatorOptions.ContosoCorpId, HuaweiSimulatorOptions.FabrikamCorpId],
            sandbox.Simulator.Requests.Where(r => r.Endpoint == SimulatorEndpoint.StartConference).Select(r => r.CorpId));
    }

    [Fact]
    public async Task The_same_user_id_in_two_enterprises_gets_two_distinct_tokens()
    {
        await using var sandbox = await StartAsync();
        var inContoso = User(ContosoTenant);
        var inFabrikam = User(FabrikamTenant);

        await sandbox.Activation.ActivateAsync(inContoso, HuaweiSimulatorOptions.DemoMeetingId, HuaweiSimulatorOptions.DemoPassword, CancellationToken.None);
        await sandbox.Activation.ActivateAsync(inFabrikam, HuaweiSimulatorOptions.DemoMeetingId, HuaweiSimulatorOptions.DemoPassword, CancellationToken.None);
        await sandbox.Activation.ActivateAsync(inContoso, HuaweiSimulatorOptions.DemoMeetingId, HuaweiSimulatorOptions.DemoPassword, CancellationToken.None);

        Assert.Equal(2, sandbox.Simulator.AuthRequests);
        Assert.Equal(2, sandbox.Simulator.IssuedAccessTokens.Distinct().Count());
        Assert.Equal(
            [HuaweiSimulatorOptions.ContosoCorpId, HuaweiSimulatorOptions.FabrikamCorpId],
            sandbox.Simulator.Accounts.Where(a => a.UserId == "aad-alice").Select(a => a.CorpId).Order(StringComparer.Ordinal));
        Assert.Equal(
            [HuaweiSimulatorOptions.ContosoCorpId, HuaweiSimulatorOptions.FabrikamCorpId, HuaweiSimulatorOptions.ContosoCorpId],
            sandbox.Simulator.Requests.Where(r => r.Endpoint == SimulatorEndpoint.StartConference).Select(r => r.CorpId));
    }

    [Theory]
    [InlineData("11111111-not-mapped")]
    [InlineData(null)]
    public async Task An_unmapped_tenant_gets_the_polite_refusal_and_Huawei_is_never_called(string? tenant)
    {
        await using var sandbox = await StartAsync();

        var result = await sandbox.Activation.ActivateAsync(
            new ChatUser("emulator", tenant, "user-1", DisplayName: "Eve"), HuaweiSimulatorOptions.DemoMeetingId, HuaweiSimulatorOptions.DemoPassword, CancellationToken.None);
        await sandbox.Activation.SignOutAsync(new ChatUser("emulator", tenant, "user-1"), CancellationToken.None);

        Assert.Equal(ActivationOutcome.OrganisationNotConnected, result.Outcome);
        Assert.Equal(HuaweiSimulatorOptions.DemoMeetingId, result.MeetingId);
        Assert.Equal((0, 0), (sandbox.Simulator.AuthRequests, sandbox.Simulator.StartRequests));
        Assert.Contains(sandbox.Logs.GetSnapshot(), r => r.Message.Contains("mapped to no Huawei enterprise", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_entry_with_its_own_app_signs_in_single_enterprise_style_with_it()
    {
        await using var sandbox = await StartAsync();

        var result = await sandbox.Activation.ActivateAsync(User(OwnAppTenant), HuaweiSimulatorOptions.DemoMeetingId, HuaweiSimulatorOptions.DemoPassword, CancellationToken.None);

        Assert.True(result.IsActivated, result.ToString());
        var signIn = Assert.Single(sandbox.Simulator.Requests, r => r.Endpoint == SimulatorEndpoint.AppAuth);
        Assert.Equal((200, null), (signIn.StatusCode, signIn.CorpId));
        var account = Assert.Single(sandbox.Simulator.Accounts);
        Assert.Equal(("sandbox-app", (string?)null, "aad-alice"), (account.AppId, account.CorpId, account.UserId));
    }

    [Fact]
    public async Task The_display_name_reaches_the_account_Huawei_registers()
    {
        await using var sandbox = await StartAsync();

        await sandbox.Activation.ActivateAsync(
            User(ContosoTenant, name: "  Alice\r\n Example\u0007 "), HuaweiSimulatorOptions.DemoMeetingId, HuaweiSimulatorOptions.DemoPassword, CancellationToken.None);

        var account = Assert.Single(sandbox.Simulator.Accounts);
        Assert.Equal(("Alice Example", (string?)null), (account.UserName, account.UserEmail));
        Assert.Contains(sandbox.Logs.GetSnapshot(), r => r.Message.Contains("named Alice Example", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NameAndEmail_sends_the_email_the_channel_found()
    {
        await using var sandbox = await StartAsync(("HuaweiMeeting:ShareProfile", "NameAndEmail"));
        var user = User(FabrikamTenant) with { LookUpEmail = _ => Task.FromResult<string?>("alice@fabrikam.example") };

        await sandbox.Activation.ActivateAsync(user, HuaweiSimulatorOptions.DemoMeetingId, HuaweiSimulatorOptions.DemoPassword, CancellationToken.None);

        var account = Assert.Single(sandbox.Simulator.Accounts);
        Assert.Equal(("Alice Example", "alice@fabrikam.example", HuaweiSimulatorOptions.FabrikamCorpId), (account.UserName, account.UserEmail, account.CorpId));
    }

    [Fact]
    public async Task ShareProfile_None_sends_neither_name_nor_email()
    {
        await using var sandbox = await StartAsync(("HuaweiMeeting:ShareProfile", "None"));
        var lookups = 0;
        var user = User(ContosoTenant) with { LookUpEmail = _ => { Interlocked.Increment(ref lookups); return Task.FromResult<string?>("alice@contoso.example"); } };

        var result = await sandbox.Activation.ActivateAsync(user, HuaweiSimulatorOptions.DemoMeetingId, HuaweiSimulatorOptions.DemoPassword, CancellationToken.None);

        Assert.True(result.IsActivated, result.ToString());
        var account = Assert.Single(sandbox.Simulator.Accounts);
        Assert.Equal(("aad-alice", (string?)null, (string?)null), (account.UserId, account.UserName, account.UserEmail));
        Assert.Equal(0, lookups);
    }

    [Fact]
    public async Task The_simulator_refuses_a_corp_id_outside_the_service_providers_enterprises()
    {
        // A mis-signed SP request must fail against the sandbox exactly as Huawei would refuse it.
        await using var sandbox = await StartAsync(("HuaweiMeeting:Enterprises:0:CorpId", "corp-unknown-to-huawei"));

        var result = await sandbox.Activation.ActivateAsync(User(ContosoTenant), HuaweiSimulatorOptions.DemoMeetingId, HuaweiSimulatorOptions.DemoPassword, CancellationToken.None);

        Assert.Equal(ActivationOutcome.AuthenticationFailed, result.Outcome);
        Assert.Equal(400, Assert.Single(sandbox.Simulator.Requests).StatusCode);
    }

    [Fact]
    public void A_lockout_in_one_enterprise_does_not_lock_the_same_user_id_out_of_another()
    {
        using var tracker = new FailedAttemptTracker(Options.Create(new ProtectionOptions()), new FakeTimeProvider(DateTimeOffset.UtcNow));
        var inContoso = User(ContosoTenant);
        for (var i = 0; i < new ProtectionOptions().MaxFailedAttempts; i++)
        {
            tracker.RecordFailure(inContoso, "555000111");
        }

        Assert.NotNull(tracker.LockedOutFor(inContoso, "555000111"));
        Assert.Null(tracker.LockedOutFor(User(FabrikamTenant), "555000111"));
    }
}
