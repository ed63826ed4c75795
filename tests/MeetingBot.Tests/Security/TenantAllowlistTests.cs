using System.Net;
using MeetingBot.Channels.BotFramework;
using MeetingBot.Localization;
using MeetingBot.Testing;
using MeetingBot.Tests.Infrastructure;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json.Linq;

namespace MeetingBot.Tests.Security;

public sealed class TenantAllowlistTests : IAsyncLifetime
{
    private const string AllowedTenant = "abd6af14-2f29-f87a-cb1e-d8d5efd1d9fd"; // the tenant of the Teams card fixtures
    private const string OtherTenant = "666a634e-103d-15a0-bfc2-5d7aa92d6b3f"; // the tenant of the Teams personal-message fixture

    private MeetingBotApplication? _host;

    private MeetingBotApplication Host => _host!;

    public async Task InitializeAsync() =>
        _host = await MeetingBotApplication.StartAsync(new Dictionary<string, string> { ["Bot:AllowedTenants:0"] = AllowedTenant });

    /// <summary>A conversation like <paramref name="fixture"/>'s, in a tenant outside the allowlist.</summary>
    private BotConversation FromOtherTenant(string fixture) => Host.Conversation(fixture, a =>
    {
        a["conversation"]!["tenantId"] = OtherTenant;
        a["channelData"]!["tenant"]!["id"] = OtherTenant;
    });

    [Fact]
    public async Task A_tenant_outside_the_allowlist_gets_a_polite_refusal_and_nothing_reaches_Huawei()
    {
        var chat = Host.Conversation(ActivityFixtures.TeamsPersonal);

        var direct = await chat.SendTextAsync("activate 986030665 123456");
        var form = await chat.SendTextAsync("activate");

        var refusal = BotText.For("en-US")[nameof(Strings.TenantNotAllowed)];
        Assert.Equal([refusal], direct.Texts());
        Assert.Equal([refusal], form.Texts());
        Assert.Empty(form.Cards());
        Assert.Equal(0, Host.Simulator.AuthRequests + Host.Simulator.StartRequests);
        Assert.Contains(Host.Logs.GetSnapshot(), r => r.Category == typeof(TenantAllowlistMiddleware).FullName
            && r.Level == LogLevel.Warning && r.Message.Contains(OtherTenant, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_refusal_speaks_the_users_language()
    {
        var replies = await Host.Conversation(ActivityFixtures.TeamsPersonal).WithLocale("zh-CN").SendTextAsync("help");

        Assert.Equal([BotText.For("zh-CN")[nameof(Strings.TenantNotAllowed)]], replies.Texts());
    }

    [Fact]
    public async Task A_card_action_from_another_tenant_is_answered_in_place_without_Huawei()
    {
        var chat = FromOtherTenant(ActivityFixtures.TeamsInvoke);
        var invoke = chat.NewActivity(ActivityTypes.Invoke);
        invoke["name"] = "adaptiveCard/action";
        invoke["value"] = JObject.Parse("""{"action":{"type":"Action.Execute","verb":"activate","data":{"meetingId":"986030665","meetingPassword":"123456"}},"trigger":"manual"}""");

        using var response = await chat.PostAsync(invoke);
        var body = JObject.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.microsoft.activity.message", body.Value<string>("type"));
        Assert.Equal(BotText.For("en-US")[nameof(Strings.TenantNotAllowed)], body.Value<string>("value"));
        Assert.Equal(0, Host.Simulator.AuthRequests + Host.Simulator.StartRequests);
    }

    [Fact]
    public async Task A_link_pasted_in_another_tenant_gets_the_refusal_in_place_of_the_card_without_Huawei()
    {
        var chat = FromOtherTenant(ActivityFixtures.TeamsQueryLink);

        var (status, body) = await chat.QueryLinkAsync("https://meeting.huaweicloud.com/#/j/986030672");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("message", body!["composeExtension"]!.Value<string>("type"));
        Assert.Equal(BotText.For("en-US")[nameof(Strings.TenantNotAllowed)], body["composeExtension"]!.Value<string>("text"));
        Assert.Empty(Host.Simulator.Requests);
    }

    [Fact]
    public async Task A_teams_activity_that_names_no_tenant_is_refused()
    {
        var chat = Host.Conversation(ActivityFixtures.TeamsPersonal, a => ((JObject)a["channelData"]!).Remove("tenant"));

        var replies = await chat.SendTextAsync("activate 986030665 123456");

        Assert.Equal([BotText.For("en-US")[nameof(Strings.TenantNotAllowed)]], replies.Texts());
        Assert.Equal(0, Host.Simulator.StartRequests);
    }

    [Fact]
    public async Task An_allowed_tenant_is_served()
    {
        var chat = Host.Conversation(ActivityFixtures.TeamsPersonal, a =>
        {
            a["channelData"]!["tenant"]!["id"] = AllowedTenant.ToUpperInvariant();
        });

        var replies = await chat.SendTextAsync("activate 986030665 123456");

        Assert.Contains("100.94.23.40", replies.SingleCard().TextBlocks());
        Assert.Equal(1, Host.Simulator.StartRequests);
    }

    [Fact]
    public async Task Channels_without_tenants_are_not_affected()
    {
        var replies = await Host.Conversation(ActivityFixtures.Emulator).SendTextAsync("activate");

        Assert.Single(replies.Cards());
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
