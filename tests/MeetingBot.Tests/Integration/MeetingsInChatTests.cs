using System.Globalization;
using MeetingBot.Cards;
using MeetingBot.Localization;
using MeetingBot.Sandbox;
using MeetingBot.Testing;
using MeetingBot.Tests.Infrastructure;
using Newtonsoft.Json.Linq;

namespace MeetingBot.Tests.Integration;

/// <summary>
/// The user's meetings and one-click activation end to end: the real host, /api/messages, and the sandbox simulator as
/// Huawei, whose seeded meetings only start with their chair (host) password. Each test has its own host: starting a
/// seeded meeting changes it for everyone on that simulator.
/// </summary>
public sealed class MeetingsInChatTests : IAsyncLifetime
{
    private const string Upcoming = HuaweiSimulatorOptions.HostedUpcomingMeetingId;
    private const string InProgress = HuaweiSimulatorOptions.HostedInProgressMeetingId;
    private const string GuestOnly = HuaweiSimulatorOptions.GuestMeetingId;
    private const string InRoom = HuaweiSimulatorOptions.CloudRoomMeetingId;
    private const string Room = HuaweiSimulatorOptions.CloudMeetingRoomId;

    private MeetingBotApplication _host = null!;

    public async Task InitializeAsync() => _host = await MeetingBotApplication.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private HuaweiSimulator Simulator => _host.Simulator;

    [Fact]
    public async Task The_list_shows_ongoing_and_upcoming_meetings_soonest_first_with_activate_only_on_those_the_user_hosts()
    {
        var chat = _host.Conversation(ActivityFixtures.WebChat, WithoutTimeZone);

        var card = (await chat.SendTextAsync("meetings")).SingleCard();

        CardAssert.Valid(card, Secrets());
        var meetings = Meetings(card);
        Assert.Equal(["Daily stand-up", "Project sync", "Partner review", "Team room: planning"], meetings.Select(m => m.Subject));
        Assert.Contains($"meeting ID {InProgress} · In progress", meetings[0].Line, StringComparison.Ordinal);
        Assert.Contains($"meeting ID {Upcoming} · Scheduled", meetings[1].Line, StringComparison.Ordinal);
        Assert.Contains($"meeting ID {Room} · Scheduled", meetings[3].Line, StringComparison.Ordinal); // the room's ID, as people know it
        var start = Simulator.SeededAt.AddMinutes(30).UtcDateTime;
        Assert.StartsWith(start.ToString("ddd d MMM, HH:mm", CultureInfo.GetCultureInfo("en-US")) + " UTC · ", meetings[1].Line, StringComparison.Ordinal);
        Assert.Equal([InProgress, Upcoming, null, InRoom], meetings.Select(m => m.OneClickMeetingId));
        Assert.Contains(meetings[2].Texts, t => t.Contains("You are a guest", StringComparison.Ordinal));
        Assert.DoesNotContain(card.TextBlocks(), t => t.Contains("More in Huawei Cloud Meeting", StringComparison.Ordinal));
        Assert.Equal(0, Simulator.StartRequests);
    }

    [Theory]
    [InlineData("my meetings", "en-US")]
    [InlineData("upcoming", "en-US")]
    [InlineData("list", "en-US")]
    [InlineData("我的会议", "zh-CN")]
    [InlineData("会议列表", "zh-CN")]
    public async Task Every_alias_lists_the_meetings_in_the_users_language(string command, string locale)
    {
        var text = BotText.For(locale);
        var chat = _host.Conversation(ActivityFixtures.WebChat).WithLocale(locale);

        var card = (await chat.SendTextAsync(command)).SingleCard();

        Assert.Equal(text[nameof(Strings.MeetingsTitle)], card.TextBlocks().First());
        Assert.Equal(4, Meetings(card).Count);
        Assert.Contains(text[nameof(Strings.MeetingInProgress)], Meetings(card)[0].Line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Times_are_shown_in_the_time_zone_the_client_sends()
    {
        var chat = _host.Conversation(ActivityFixtures.TeamsPersonal); // clientInfo timezone America/Los_Angeles

        var card = (await chat.SendTextAsync("meetings")).SingleCard();

        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");
        var start = Simulator.SeededAt.AddMinutes(30);
        var local = TimeZoneInfo.ConvertTime(start, zone);
        var offset = zone.GetUtcOffset(start);
        var expected = $"{local.ToString("ddd d MMM, HH:mm", CultureInfo.GetCultureInfo("en-US"))} (UTC-{offset.Duration():hh\\:mm})";
        Assert.StartsWith(expected, Meetings(card)[1].Line, StringComparison.Ordinal);
        Assert.All(card.OneClickButtons(), button => Assert.Equal("Action.Execute", button.Value<string>("type")));
    }

    [Fact]
    public async Task At_most_ten_meetings_are_listed_then_more_in_Huawei_Cloud_Meeting()
    {
        for (var i = 0; i < 8; i++)
        {
            Simulator.Options.ScheduledMeetings.Add(new($"98603070{i}", $"Extra {i}", TimeSpan.FromHours(4 + i), TimeSpan.FromHours(1), UserIsHost: true,
                InProgress: false, HuaweiSimulatorOptions.NewPassword(), HuaweiSimulatorOptions.NewPassword(), "100.94.23.50"));
        }

        var card = (await _host.Conversation(ActivityFixtures.WebChat).SendTextAsync("meetings")).SingleCard();

        Assert.Equal(10, Meetings(card).Count);
        Assert.Equal("Extra 5", Meetings(card)[^1].Subject);
        Assert.Contains(card.TextBlocks(), t => t == "More in Huawei Cloud Meeting.");
    }

    [Fact]
    public async Task With_no_meetings_the_list_says_how_to_activate_by_id()
    {
        Simulator.Options.ScheduledMeetings.Clear();

        var card = (await _host.Conversation(ActivityFixtures.WebChat).SendTextAsync("meetings")).SingleCard();

        Assert.Empty(Meetings(card));
        Assert.Contains(card.TextBlocks(), t => t.Contains("type activate followed by the meeting ID", StringComparison.Ordinal));
        Assert.Empty(card.OneClickButtons());
    }

    [Fact]
    public async Task Huawei_failing_to_list_says_what_to_try_with_its_request_id()
    {
        var chat = _host.Conversation(ActivityFixtures.WebChat);
        await chat.SendTextAsync("meetings"); // signed in
        Simulator.ForceNext(SimulatorEndpoint.SearchMeetings, SimulatedAnswer.ServerError(500));

        var text = Assert.Single(await chat.SendTextAsync("meetings")).Text;

        Assert.Contains("I could not read your meetings from Huawei Cloud Meeting.", text, StringComparison.Ordinal);
        Assert.Contains("type activate followed by the meeting ID", text, StringComparison.Ordinal);
        var failed = Simulator.Requests.Last(r => r.Endpoint == SimulatorEndpoint.SearchMeetings);
        Assert.Equal(500, failed.StatusCode);
        Assert.Contains(failed.RequestId, text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ActivityFixtures.WebChat)]
    [InlineData(ActivityFixtures.Emulator)]
    public async Task One_click_starts_the_meeting_with_its_chair_password_and_a_second_click_says_it_was_already_activated(string channel)
    {
        var chat = _host.Conversation(channel);
        var list = (await chat.SendTextAsync("meetings")).SingleCard();
        var button = list.OneClickButton(Upcoming);

        var outcome = (await chat.ClickAsync(button)).SingleCard();

        CardAssert.Valid(outcome, Secrets());
        Assert.Contains(Listed(Upcoming).RegionIp, outcome.TextBlocks()); // Huawei starts it with the chair password only
        Assert.Equal(1, StartsOf(Upcoming));
        var again = await chat.ClickAsync(button);
        Assert.Equal($"Meeting {Upcoming} was already activated from this card.", Assert.Single(again.Texts()));
        Assert.Equal(1, StartsOf(Upcoming));
    }

    [Fact]
    public async Task In_Teams_one_click_replaces_the_list_card_with_the_outcome()
    {
        var chat = _host.Conversation(ActivityFixtures.TeamsPersonal);
        var list = (await chat.SendTextAsync("meetings")).SingleCard();

        var (status, body) = await chat.ExecuteAsync(list.OneClickButton(InProgress));

        Assert.Equal(System.Net.HttpStatusCode.OK, status);
        Assert.Equal("application/vnd.microsoft.card.adaptive", body!.Value<string>("type"));
        var outcome = (JObject)body["value"]!;
        CardAssert.Valid(outcome, Secrets());
        Assert.Contains(Listed(InProgress).RegionIp, outcome.TextBlocks());
        Assert.Equal(1, StartsOf(InProgress));
    }

    [Fact]
    public async Task The_form_offers_the_next_hosted_meetings_as_one_click_buttons()
    {
        var chat = _host.Conversation(ActivityFixtures.WebChat);

        var form = (await chat.SendTextAsync("activate")).SingleCard();

        CardAssert.Valid(form, Secrets());
        Assert.Equal(
            [InProgress, Upcoming, InRoom],
            form.OneClickButtons().Select(b => b["data"]![CardInputs.MeetingId]!.Value<string>()));
        var outcome = (await chat.ClickAsync(form.OneClickButton(InRoom))).SingleCard();
        Assert.Contains(Listed(InRoom).RegionIp, outcome.TextBlocks());
        Assert.NotNull(form.Input(CardInputs.MeetingId)); // the form itself is still there for any other meeting
    }

    [Theory]
    [InlineData(ActivityFixtures.WebChat, "activate " + InProgress)]
    [InlineData(ActivityFixtures.TeamsChannelMention, "<at>MeetingBot</at> activate " + InProgress)]
    public async Task Activate_with_the_id_of_a_meeting_the_user_hosts_starts_it_at_once_in_any_conversation(string channel, string text)
    {
        var chat = _host.Conversation(channel);

        var outcome = (await chat.SendTextAsync(text)).SingleCard();

        Assert.Contains(Listed(InProgress).RegionIp, outcome.TextBlocks());
        Assert.Equal(1, StartsOf(InProgress));
    }

    [Fact]
    public async Task Activate_with_the_id_of_a_meeting_the_user_only_attends_opens_the_form_with_the_id()
    {
        var form = (await _host.Conversation(ActivityFixtures.WebChat).SendTextAsync("activate 986-030-673")).SingleCard();

        Assert.Equal(GuestOnly, form.Input(CardInputs.MeetingId).Value<string>("value"));
        Assert.Null(form.Input(CardInputs.Password)["value"]);
        Assert.Equal(0, Simulator.StartRequests);
    }

    [Fact]
    public async Task A_cloud_meeting_rooms_id_starts_the_meeting_held_in_it()
    {
        var outcome = (await _host.Conversation(ActivityFixtures.WebChat).SendTextAsync("activate " + Room)).SingleCard();

        Assert.Contains(Listed(InRoom).RegionIp, outcome.TextBlocks());
        Assert.Equal(1, StartsOf(InRoom));
    }

    [Theory]
    [InlineData(ActivityFixtures.WebChat, "https://meeting.huaweicloud.com/#/j/986030671/Xq7Lp2Zr")]
    [InlineData(ActivityFixtures.WebChat, "Join here: https://intl.meeting.huaweicloud.com/#/j/986030671?Xq7Lp2Zr")]
    [InlineData(ActivityFixtures.TeamsChannelMention, "<at>MeetingBot</at> https://meeting.huaweicloud.com/#/j/986030671/Xq7Lp2Zr")]
    [InlineData(ActivityFixtures.WebChat, "Project sync\nMeeting ID: 986 030 671\nPassword: Xq7Lp2Zr\nJoin: https://example.com/x")]
    [InlineData(ActivityFixtures.WebChat, "邀请您参加华为云会议\n会议主题：Project sync\n会议ID：986-030-671\n会议密码：Xq7Lp2Zr")]
    public async Task A_pasted_join_link_or_invitation_starts_the_meeting_for_its_host_and_its_suffix_or_guest_password_goes_nowhere(string channel, string pasted)
    {
        var chat = _host.Conversation(channel);

        var outcome = (await chat.SendTextAsync(pasted)).SingleCard();

        Assert.Contains(Listed(Upcoming).RegionIp, outcome.TextBlocks());
        Assert.Equal(1, StartsOf(Upcoming));
        Assert.DoesNotContain("Xq7Lp2Zr", _host.AllLogText(), StringComparison.Ordinal);
        Assert.DoesNotContain("Xq7Lp2Zr", outcome.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pasted_link_to_a_meeting_the_user_only_attends_opens_the_form_with_its_id()
    {
        var form = (await _host.Conversation(ActivityFixtures.WebChat).SendTextAsync("https://meeting.huaweicloud.com/#/j/986030673")).SingleCard();

        Assert.Equal(GuestOnly, form.Input(CardInputs.MeetingId).Value<string>("value"));
        Assert.Equal(0, Simulator.StartRequests);
    }

    [Fact]
    public async Task Looking_up_meetings_the_user_does_not_host_never_counts_toward_the_lockout()
    {
        var chat = _host.Conversation(ActivityFixtures.WebChat);
        for (var i = 0; i < 7; i++)
        {
            var form = (await chat.SendTextAsync("activate " + GuestOnly)).SingleCard();
            Assert.Equal(GuestOnly, form.Input(CardInputs.MeetingId).Value<string>("value"));
        }

        var typed = (await chat.SendTextAsync($"activate {GuestOnly} {Listed(GuestOnly).ChairPassword}")).SingleCard();

        Assert.Contains(Listed(GuestOnly).RegionIp, typed.TextBlocks());
    }

    [Fact]
    public async Task Listing_counts_toward_the_users_attempts_per_minute()
    {
        await using var host = await MeetingBotApplication.StartAsync(new Dictionary<string, string> { ["Protection:AttemptsPerMinute"] = "2" });
        var chat = host.Conversation(ActivityFixtures.WebChat);
        Assert.Equal(4, Meetings((await chat.SendTextAsync("meetings")).SingleCard()).Count);
        Assert.Equal(4, Meetings((await chat.SendTextAsync("meetings")).SingleCard()).Count);
        var searches = host.Simulator.RequestCount(SimulatorEndpoint.SearchMeetings);

        var refused = Assert.Single(await chat.SendTextAsync("meetings")).Text;

        Assert.StartsWith("You asked too often.", refused, StringComparison.Ordinal);
        Assert.Equal(searches, host.Simulator.RequestCount(SimulatorEndpoint.SearchMeetings));
    }

    private static void WithoutTimeZone(JObject activity)
    {
        activity.Remove("localTimezone");
        foreach (var entity in activity["entities"]?.Children<JObject>() ?? [])
        {
            entity.Remove("timezone");
        }
    }

    private SimulatedScheduledMeeting Listed(string conferenceId) =>
        Simulator.Options.ScheduledMeetings.Single(m => m.ConferenceId == conferenceId);

    private int StartsOf(string conferenceId) =>
        Simulator.Requests.Count(r => r.Endpoint == SimulatorEndpoint.StartConference && r.ConferenceId == conferenceId && r.StatusCode == 200);

    private string[] Secrets() =>
        [.. Simulator.Options.ScheduledMeetings.SelectMany(m => new[] { m.ChairPassword, m.GuestPassword }), .. Simulator.IssuedAccessTokens];

    /// <summary>The meetings of a list card: one container each, subject first, then its line, then its button or guest note.</summary>
    private static List<ListedMeeting> Meetings(JObject card) =>
        [.. card["body"]!.Children<JObject>().Where(e => e.Value<string>("type") == "Container").Select(container =>
        {
            var texts = container.TextBlocks().ToList();
            var button = container.OneClickButtons().SingleOrDefault();
            return new ListedMeeting(texts[0], texts[1], texts, button?["data"]![CardInputs.MeetingId]!.Value<string>());
        })];

    private sealed record ListedMeeting(string Subject, string Line, IReadOnlyList<string> Texts, string? OneClickMeetingId);
}
