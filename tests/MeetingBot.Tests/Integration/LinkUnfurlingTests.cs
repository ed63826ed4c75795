using System.Net;
using MeetingBot.Cards;
using MeetingBot.Channels.BotFramework;
using MeetingBot.Conversation;
using MeetingBot.LateOutcomes;
using MeetingBot.Sandbox;
using MeetingBot.Testing;
using MeetingBot.Tests.Infrastructure;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Newtonsoft.Json.Linq;

namespace MeetingBot.Tests.Integration;

/// <summary>
/// Teams link unfurling end to end: a Huawei Cloud Meeting join link pasted in a group chat (<c>composeExtension/queryLink</c>)
/// becomes a card with an Activate button, and a click on that card (<c>adaptiveCard/action</c>) answers the clicker alone.
/// Each test pastes as a user of its own (its own Entra object id, which is the user's Huawei userId).
/// </summary>
public class LinkUnfurlingTests(SharedBot fixture) : IClassFixture<SharedBot>
{
    /// <summary>What follows the meeting ID in a join link: a token for joining, never a password.</summary>
    private const string Suffix = "6a30b8b5a325105da031442627828e496f91021ece36405f";

    private MeetingBotApplication Host => fixture;

    private HuaweiSimulator Huawei => Host.Simulator;

    private static string JoinLink(string meetingId, string host = "meeting.huaweicloud.com") => $"https://{host}/#/j/{meetingId}/{Suffix}";

    /// <summary>A group chat and a user of its own; returns the conversation and the user's Huawei userId.</summary>
    private (BotConversation Chat, string HuaweiUserId) NewGroupChat()
    {
        var huaweiUserId = Guid.NewGuid().ToString();
        return (Host.Conversation(ActivityFixtures.TeamsQueryLink, a => a["from"]!["aadObjectId"] = huaweiUserId), huaweiUserId);
    }

    private IEnumerable<SimulatorRequest> RequestsOf(string huaweiUserId) => Huawei.Requests.Where(r => r.UserId == huaweiUserId);

    private string[] MeetingPasswords() =>
        [.. Huawei.Options.ScheduledMeetings.SelectMany(m => new[] { m.ChairPassword, m.GuestPassword })];

    /// <summary>The one card of a link unfurling answer, checked for the shape Teams expects (a result list, with a preview).</summary>
    private JObject UnfurledCard((HttpStatusCode Status, JObject? Body) answer)
    {
        var (status, body) = answer;
        Assert.Equal(HttpStatusCode.OK, status);
        var result = (JObject)body!["composeExtension"]!;
        Assert.Equal("result", result.Value<string>("type"));
        Assert.Equal("list", result.Value<string>("attachmentLayout"));
        var attachment = (JObject)Assert.Single(result["attachments"]!);
        Assert.Equal(AdaptiveElements.ContentType, attachment.Value<string>("contentType"));
        Assert.Equal(AdaptiveElements.ContentType, attachment["preview"]!.Value<string>("contentType"));
        var card = (JObject)attachment["content"]!;
        Assert.True(JToken.DeepEquals(card, attachment["preview"]!["content"]), "The preview shows the card itself.");
        CardAssert.Valid(card, [.. MeetingPasswords(), Suffix]);
        return card;
    }

    private static void AssertActivateButtonCarriesTheMeetingIdAlone(JObject card, string meetingId)
    {
        var activate = card.Action(CardVerbs.ActivateMeeting);
        Assert.Equal("Action.Execute", activate.Value<string>("type"));
        Assert.Equal(CardVerbs.ActivateMeeting, activate.Value<string>("verb"));
        var data = (JObject)activate["data"]!;
        Assert.Equal([CardData.Verb, CardInputs.MeetingId], data.Properties().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(meetingId, data.Value<string>(CardInputs.MeetingId));
    }

    [Fact]
    public async Task A_host_pasting_a_join_link_gets_the_meeting_card_with_its_subject_and_an_Activate_button()
    {
        var (chat, _) = NewGroupChat();

        var card = UnfurledCard(await chat.QueryLinkAsync(JoinLink(HuaweiSimulatorOptions.HostedInProgressMeetingId)));

        Assert.Equal(["Huawei Cloud Meeting 986030672", "Daily stand-up"], card.TextBlocks().Take(2));
        AssertActivateButtonCarriesTheMeetingIdAlone(card, HuaweiSimulatorOptions.HostedInProgressMeetingId);
    }

    [Fact]
    public async Task An_invited_guest_sees_the_subject_too()
    {
        var (chat, _) = NewGroupChat();

        var card = UnfurledCard(await chat.QueryLinkAsync(JoinLink(HuaweiSimulatorOptions.GuestMeetingId)));

        Assert.Contains("Partner review", card.TextBlocks());
        AssertActivateButtonCarriesTheMeetingIdAlone(card, HuaweiSimulatorOptions.GuestMeetingId);
    }

    [Fact]
    public async Task Someone_whose_meeting_it_is_not_gets_the_card_without_the_subject()
    {
        var (hostChat, hostId) = NewGroupChat();
        var (strangerChat, _) = NewGroupChat();
        Huawei.Options.ScheduledMeetings.Add(new SimulatedScheduledMeeting(
            "986030691", "Acquisition talks", TimeSpan.FromHours(1), TimeSpan.FromHours(1), UserIsHost: true, InProgress: false,
            HuaweiSimulatorOptions.NewPassword(), HuaweiSimulatorOptions.NewPassword(), "100.94.23.51", ListedFor: [hostId]));

        var forHost = UnfurledCard(await hostChat.QueryLinkAsync(JoinLink("986030691")));
        var forStranger = UnfurledCard(await strangerChat.QueryLinkAsync(JoinLink("986030691")));

        Assert.Contains("Acquisition talks", forHost.TextBlocks());
        Assert.DoesNotContain("Acquisition talks", forStranger.ToString(), StringComparison.Ordinal);
        Assert.Contains("Huawei Cloud Meeting 986030691", forStranger.TextBlocks());
        AssertActivateButtonCarriesTheMeetingIdAlone(forStranger, "986030691");
    }

    [Theory]
    [InlineData("https://www.example.com/#/j/986030672/abc")]
    [InlineData("https://meeting.huaweicloud.com/")]
    [InlineData("https://meeting.huaweicloud.com/#/j/12345")]
    [InlineData("not a url at all")]
    public async Task A_link_that_is_not_a_Huawei_join_link_gets_no_card_and_asks_Huawei_nothing(string url)
    {
        var (chat, huaweiUserId) = NewGroupChat();

        var (status, body) = await chat.QueryLinkAsync(url);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("result", body!["composeExtension"]!.Value<string>("type"));
        Assert.Empty(body["composeExtension"]!["attachments"]!);
        Assert.Empty(RequestsOf(huaweiUserId));
    }

    [Fact]
    public async Task A_query_without_a_url_gets_no_card()
    {
        var (chat, _) = NewGroupChat();
        var invoke = chat.NewActivity(ActivityTypes.Invoke);
        invoke["name"] = "composeExtension/queryLink";
        invoke["value"] = new JObject();

        using var response = await chat.PostAsync(invoke);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(JObject.Parse(await response.Content.ReadAsStringAsync())["composeExtension"]!["attachments"]!);
    }

    [Fact]
    public async Task An_international_link_is_read_by_its_meeting_ID_and_its_suffix_never_reaches_Huawei()
    {
        var (chat, huaweiUserId) = NewGroupChat();

        var card = UnfurledCard(await chat.QueryLinkAsync(JoinLink(HuaweiSimulatorOptions.HostedUpcomingMeetingId, "intl.meeting.huaweicloud.com")));

        Assert.Equal(["Huawei Cloud Meeting 986030671", "Project sync"], card.TextBlocks().Take(2));
        var requests = RequestsOf(huaweiUserId).ToList();
        Assert.Equal([SimulatorEndpoint.AppAuth, SimulatorEndpoint.MeetingDetail], requests.Select(r => r.Endpoint));
        Assert.Equal(HuaweiSimulatorOptions.HostedUpcomingMeetingId, requests[1].ConferenceId);
        Assert.DoesNotContain(Suffix, Host.AllLogText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_Huawei_fails_the_card_comes_without_the_subject()
    {
        var (chat, _) = NewGroupChat();
        Huawei.ForceNext(SimulatorEndpoint.MeetingDetail, SimulatedAnswer.ServerError());
        try
        {
            var card = UnfurledCard(await chat.QueryLinkAsync(JoinLink(HuaweiSimulatorOptions.HostedInProgressMeetingId)));

            Assert.Equal("Huawei Cloud Meeting 986030672", card.TextBlocks().First());
            Assert.DoesNotContain("Daily stand-up", card.ToString(), StringComparison.Ordinal);
            AssertActivateButtonCarriesTheMeetingIdAlone(card, HuaweiSimulatorOptions.HostedInProgressMeetingId);
            // A forced answer comes before the token is read: the request is recorded without its user.
            Assert.Contains(Huawei.Requests, r => r.Endpoint == SimulatorEndpoint.MeetingDetail && r.StatusCode == 500);
        }
        finally
        {
            Huawei.ClearForcedAnswers();
        }
    }

    [Fact]
    public async Task The_card_speaks_Chinese_to_a_Chinese_client()
    {
        var (chat, _) = NewGroupChat();

        var card = UnfurledCard(await chat.WithLocale("zh-CN").QueryLinkAsync(JoinLink(HuaweiSimulatorOptions.HostedInProgressMeetingId)));

        Assert.Equal("华为云会议 986030672", card.TextBlocks().First());
        Assert.Equal("激活", card.Action(CardVerbs.ActivateMeeting).Value<string>("title"));
    }

    /// <summary>A new user pastes a join link of <paramref name="meetingId"/> in a group chat and clicks Activate on its card.</summary>
    private async Task<(BotConversation Chat, string HuaweiUserId, HttpStatusCode Status, JObject? Body)> ClickActivateOnTheLinkCardAsync(
        string meetingId, ConnectorListener connector)
    {
        var (chat, huaweiUserId) = NewGroupChat();
        var card = UnfurledCard(await chat.QueryLinkAsync(JoinLink(meetingId)));
        chat.UseServiceUrl(connector.ServiceUrl);
        var (status, body) = await chat.ExecuteAsync(card.Action(CardVerbs.ActivateMeeting));
        return (chat, huaweiUserId, status, body);
    }

    [Fact]
    public async Task The_host_clicking_Activate_starts_the_meeting_with_its_host_password_and_only_the_host_sees_the_outcome()
    {
        await using var connector = await ConnectorListener.StartAsync();

        var (chat, huaweiUserId, status, body) = await ClickActivateOnTheLinkCardAsync(HuaweiSimulatorOptions.HostedUpcomingMeetingId, connector);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/vnd.microsoft.activity.message", body!.Value<string>("type"));
        Assert.Contains("only you can see", body.Value<string>("value"), StringComparison.Ordinal);
        // The simulator starts a listed meeting with its chair password only: a 200 says the bot sent that one.
        Assert.Contains(RequestsOf(huaweiUserId), r =>
            r.Endpoint == SimulatorEndpoint.StartConference && r.ConferenceId == HuaweiSimulatorOptions.HostedUpcomingMeetingId && r.StatusCode == 200);
        var outcome = await connector.WaitForAsync(c => c.Method == "POST" && c.Body?["attachments"] is not null);
        Assert.Equal("?isTargetedActivity=true", outcome.Query);
        Assert.Equal(chat.UserId, outcome.Body!["recipient"]!.Value<string>("id"));
        var result = (JObject)outcome.Body["attachments"]![0]!["content"]!;
        CardAssert.Valid(result, MeetingPasswords());
        Assert.Contains("100.94.23.43", result.TextBlocks());
        Assert.DoesNotContain(connector.Calls, c => c.Method == "PUT");
        Assert.All(MeetingPasswords(), password => Assert.DoesNotContain(password, Host.AllLogText(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Someone_who_does_not_host_the_meeting_gets_the_form_with_its_ID_privately_and_nothing_starts()
    {
        await using var connector = await ConnectorListener.StartAsync();

        var (chat, huaweiUserId, _, body) = await ClickActivateOnTheLinkCardAsync(HuaweiSimulatorOptions.GuestMeetingId, connector);

        Assert.Equal("application/vnd.microsoft.activity.message", body!.Value<string>("type"));
        var sent = await connector.WaitForAsync(c => c.Method == "POST" && c.Body?["attachments"] is not null);
        Assert.Equal("?isTargetedActivity=true", sent.Query);
        Assert.Equal(chat.UserId, sent.Body!["recipient"]!.Value<string>("id"));
        var form = (JObject)sent.Body["attachments"]![0]!["content"]!;
        CardAssert.Valid(form, MeetingPasswords());
        Assert.Equal(HuaweiSimulatorOptions.GuestMeetingId, form.Input(CardInputs.MeetingId).Value<string>("value"));
        Assert.Null(form.Input(CardInputs.Password)["value"]);
        Assert.DoesNotContain(RequestsOf(huaweiUserId), r => r.Endpoint == SimulatorEndpoint.StartConference);
        Assert.DoesNotContain(connector.Calls, c => c.Method == "PUT");
    }

    [Fact]
    public async Task In_a_personal_chat_the_click_is_answered_in_place_of_the_card()
    {
        var huaweiUserId = Guid.NewGuid().ToString();
        var chat = Host.Conversation(ActivityFixtures.TeamsInvoke, a => a["from"]!["aadObjectId"] = huaweiUserId);
        var card = UnfurledCard(await chat.QueryLinkAsync(JoinLink(HuaweiSimulatorOptions.HostedInProgressMeetingId)));

        var (_, body) = await chat.ExecuteAsync(card.Action(CardVerbs.ActivateMeeting));

        Assert.Equal(AdaptiveElements.ContentType, body!.Value<string>("type"));
        Assert.Contains("100.94.23.44", ((JObject)body["value"]!).TextBlocks());
        Assert.Contains(RequestsOf(huaweiUserId), r => r.Endpoint == SimulatorEndpoint.StartConference && r.StatusCode == 200);
    }

    [Fact]
    public async Task When_Huawei_is_slow_the_clicker_gets_activating_then_the_outcome_each_privately()
    {
        // The reply budget and the simulator's slow answer run on this clock, moved only while the bot waits for Huawei.
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await MeetingBotApplication.StartOnClockAsync(time, TimeSpan.FromMilliseconds(300));
        await using var connector = await ConnectorListener.StartAsync();
        var chat = host.Conversation(ActivityFixtures.TeamsQueryLink);
        var card = UnfurledCard(await chat.QueryLinkAsync(JoinLink(HuaweiSimulatorOptions.HostedUpcomingMeetingId)));
        chat.UseServiceUrl(connector.ServiceUrl);
        host.Simulator.ForceNext(SimulatorEndpoint.StartConference, SimulatedAnswer.Delayed(TimeSpan.FromSeconds(2)));

        var invoke = chat.ExecuteAsync(card.Action(CardVerbs.ActivateMeeting));
        await Poll.UntilAsync(() => host.Simulator.StartRequests == 1, TimeSpan.FromSeconds(60), "the start request reaching the simulator");
        await time.AdvanceUntilAsync(() => host.Logs.GetSnapshot().Any(r => r.Message.Contains("outlasted", StringComparison.Ordinal)), "the reply budget running out");
        var (_, body) = await invoke.WaitAsync(TimeSpan.FromSeconds(60));
        await time.AdvanceUntilAsync(() => host.Simulator.Requests.Any(r => r.Endpoint == SimulatorEndpoint.StartConference), "the simulator's slow answer");
        await connector.WaitForAsync(c => c.Body?.ToString().Contains("100.94.23.43", StringComparison.Ordinal) == true);

        Assert.Equal("application/vnd.microsoft.activity.message", body!.Value<string>("type"));
        var sent = connector.Calls.Where(c => c.Method == "POST" && c.Body?["attachments"] is not null).ToList();
        Assert.Equal(2, sent.Count);
        Assert.All(sent, c => Assert.Equal("?isTargetedActivity=true", c.Query));
        Assert.All(sent, c => Assert.Equal(chat.UserId, c.Body!["recipient"]!.Value<string>("id")));
        Assert.Contains("Activating meeting 986030671", sent[0].Body!.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(connector.Calls, c => c.Method == "PUT");
    }

    [Fact]
    public async Task An_outcome_owed_privately_is_delivered_privately_by_the_replica_that_takes_it_over()
    {
        await using var connector = await ConnectorListener.StartAsync();
        var address = new BotFrameworkAddress(
            new ConversationReference
            {
                ChannelId = "msteams",
                ServiceUrl = connector.ServiceUrl.ToString(),
                Conversation = new ConversationAccount(isGroup: true, conversationType: "groupChat", id: "19:group-chat@thread.v2", tenantId: "tenant-1"),
                User = new ChannelAccount("29:clicker", "Ada Lovelace"),
                Bot = new ChannelAccount("28:bot", "MeetingBot"),
            },
            CardActivityId: null,
            "en-US",
            ToUserOnly: true);
        var orphans = Host.Services.GetServices<IOrphanedOutcomeDelivery>().Single(delivery => delivery.Handles(address));

        await orphans.TargetFor(address).DeliverAsync(new LostTrackReply(HuaweiSimulatorOptions.HostedUpcomingMeetingId), CancellationToken.None);

        var sent = await connector.WaitForAsync(c => c.Method == "POST");
        Assert.Equal("?isTargetedActivity=true", sent.Query);
        Assert.Equal("29:clicker", sent.Body!["recipient"]!.Value<string>("id"));
        Assert.Contains(HuaweiSimulatorOptions.HostedUpcomingMeetingId, sent.Body.Value<string>("text"), StringComparison.Ordinal);
        Assert.DoesNotContain(connector.Calls, c => c.Method == "PUT");
    }
}
