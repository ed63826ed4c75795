using System.Net;
using System.Text.Json;
using MeetingBot.Sandbox;

namespace MeetingBot.Tests.Slack;

/// <summary>
/// Which Slack workspaces reach Huawei: <c>Slack:AllowedTeams</c>, and in service-provider mode the workspace's Huawei
/// enterprise, through the real host and the sandbox simulator (its service-provider app).
/// </summary>
public sealed class SlackWorkspaceTests : IAsyncLifetime
{
    private const string MappedTeam = SlackHost.TeamId;
    private const string AllowedButUnmappedTeam = "T0UNMAPPED";
    private const string WarmUpTeam = "T0WARMUP01";

    private readonly SlackHost _host = new(withSigningSecret: true, warmUp: true);

    public SlackWorkspaceTests() => _host.WithSettings(new Dictionary<string, string>
    {
        ["Slack:AllowedTeams:0"] = MappedTeam,
        ["Slack:AllowedTeams:1"] = AllowedButUnmappedTeam,
        ["Slack:AllowedTeams:2"] = WarmUpTeam,
        ["HuaweiMeeting:Mode"] = "ServiceProvider",
        ["HuaweiMeeting:Enterprises:0:Tenant"] = MappedTeam,
        ["HuaweiMeeting:Enterprises:0:CorpId"] = HuaweiSimulatorOptions.FabrikamCorpId,
        ["HuaweiMeeting:Enterprises:1:Tenant"] = WarmUpTeam,
        ["HuaweiMeeting:Enterprises:1:CorpId"] = HuaweiSimulatorOptions.ContosoCorpId,
    });

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync().AsTask();

    private int HuaweiCalls => _host.Huawei.AuthRequests + _host.Huawei.StartRequests;

    private async Task<string> ReplyTextAsync(string teamId)
    {
        using var response = await _host.SendCommandAsync(
            _host.Form("/activate", $"{HuaweiSimulatorOptions.DemoMeetingId} {HuaweiSimulatorOptions.DemoPassword}", teamId: teamId));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return SlackRepliesTests.AllText(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);
    }

    [Fact]
    public async Task A_workspace_outside_Slack_AllowedTeams_is_refused_politely_with_no_Huawei_call()
    {
        _host.Huawei.ResetCounters();

        var text = await ReplyTextAsync("T0STRANGER");

        Assert.Contains("not available to your organization", text, StringComparison.Ordinal);
        Assert.Equal(0, HuaweiCalls);
        Assert.Contains("Refused a Slack slash command from team T0STRANGER: not in Slack:AllowedTeams", _host.AllLogText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mapped_workspace_signs_in_to_its_enterprise_with_the_slack_user_name()
    {
        _host.Huawei.ResetCounters();

        var text = await ReplyTextAsync(MappedTeam);

        Assert.Contains($"`{HuaweiSimulatorOptions.DemoRegionIp}`", text, StringComparison.Ordinal);
        var account = Assert.Single(_host.Huawei.Accounts, a => a.UserId == SlackHost.UserId && a.CorpId == HuaweiSimulatorOptions.FabrikamCorpId);
        Assert.Equal("test.user", account.UserName);
    }

    [Fact]
    public async Task An_allowed_workspace_mapped_to_no_enterprise_is_told_its_organisation_is_not_connected()
    {
        _host.Huawei.ResetCounters();

        var text = await ReplyTextAsync(AllowedButUnmappedTeam);

        Assert.Contains("Your organization is not connected to Huawei Cloud Meeting", text, StringComparison.Ordinal);
        Assert.Contains("Ask your administrator", text, StringComparison.Ordinal);
        Assert.Equal(0, HuaweiCalls);
    }

    [Fact]
    public async Task A_click_from_a_workspace_outside_Slack_AllowedTeams_is_refused_politely_with_no_Huawei_call()
    {
        _host.Huawei.ResetCounters();
        var responseUrl = _host.SlackHooks.NewResponseUrl();

        using var response = await _host.SendClickAsync(
            SlackClicks.Body(SlackClicks.Forged(HuaweiSimulatorOptions.HostedUpcomingMeetingId), responseUrl, teamId: "T0STRANGER"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var refusal = await _host.SlackHooks.NextPostToAsync(responseUrl, TimeSpan.FromSeconds(60));
        Assert.Contains("not available to your organization", refusal.Body, StringComparison.Ordinal);
        Assert.Equal(0, HuaweiCalls + _host.Huawei.RequestCount(SimulatorEndpoint.MeetingDetail) + _host.Huawei.RequestCount(SimulatorEndpoint.SearchMeetings));
        Assert.Contains("Refused a Slack click from team T0STRANGER: not in Slack:AllowedTeams", _host.AllLogText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_click_in_a_mapped_workspace_starts_the_meeting_in_its_enterprise()
    {
        using var list = await _host.SendCommandAsync(_host.Form("/activate", "", teamId: MappedTeam));
        var button = SlackClicks.Buttons(await SlackCommandEndpointTests.EphemeralReplyAsync(list))[HuaweiSimulatorOptions.HostedUpcomingMeetingId];
        var responseUrl = _host.SlackHooks.NewResponseUrl();

        using var response = await _host.SendClickAsync(SlackClicks.Body(button, responseUrl, teamId: MappedTeam));

        var outcome = await _host.SlackHooks.NextPostToAsync(responseUrl, TimeSpan.FromSeconds(60));
        Assert.Contains("Meeting activated", outcome.Body, StringComparison.Ordinal);
        var start = Assert.Single(_host.Huawei.Requests, r => r.Endpoint == SimulatorEndpoint.StartConference && r.ConferenceId == HuaweiSimulatorOptions.HostedUpcomingMeetingId);
        Assert.Equal(HuaweiSimulatorOptions.FabrikamCorpId, start.CorpId);
    }
}
