using MeetingBot.Cards;
using MeetingBot.Conversation;
using MeetingBot.Sandbox;
using MeetingBot.Testing;
using MeetingBot.Tests.Infrastructure;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;
using Xunit.Abstractions;

namespace MeetingBot.Tests.State;

/// <summary>
/// Two real hosts sharing one redis-server and one Huawei simulator (<see cref="ReplicasSharingRedis"/>), as two replicas
/// behind a load balancer that sends the clicks of one form to different replicas.
/// </summary>
public sealed class TwoReplicaFormTests(RedisServer redis, ITestOutputHelper output) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private const string MeetingId = HuaweiSimulatorOptions.DemoMeetingId;
    private const string Password = HuaweiSimulatorOptions.DemoPassword;

    private ReplicasSharingRedis? replicas;

    private MeetingBotApplication A => replicas!.A;

    private MeetingBotApplication B => replicas!.B;

    private HuaweiSimulator Huawei => replicas!.Huawei;

    public async Task InitializeAsync()
    {
        await redis.FlushAsync();
        // The longest invoke budget the bot allows: a loaded machine must not turn a quick activation into the slow path.
        replicas = await ReplicasSharingRedis.StartAsync(redis, new Dictionary<string, string> { ["Bot:InvokeReplyBudget"] = "00:00:10" });
    }

    /// <summary>How many times a turn on either replica found its save overtaken (logged at Debug) and decided again.</summary>
    private int DecidedAgain() => new[] { A, B }.Sum(replica =>
        replica.Logs.GetSnapshot().Count(record => record.Message.Contains("deciding again", StringComparison.Ordinal)));

    public async Task DisposeAsync()
    {
        if (replicas is not null)
        {
            await replicas.DisposeAsync();
        }
    }

    [Fact]
    public async Task Each_of_twenty_forms_submitted_to_both_replicas_at_once_starts_one_meeting_and_the_other_click_is_already_used()
    {
        for (var i = 0; i < 20; i++)
        {
            var onA = A.Conversation(ActivityFixtures.WebChat);
            var onB = onA.Through(B);
            var form = (await (i % 2 == 0 ? onA : onB).SendTextAsync("activate")).SingleCard();
            var startsBefore = Huawei.StartRequests;

            var clicks = await Task.WhenAll(
                onA.ClickAsync(form.Action(CardVerbs.Activate), FormInputs.Of(MeetingId, Password)),
                onB.ClickAsync(form.Action(CardVerbs.Activate), FormInputs.Of(MeetingId, Password)));

            Assert.Equal(1, Huawei.StartRequests - startsBefore);
            Assert.Single(clicks, replies => replies.SingleCard().TextBlocks().Contains(HuaweiSimulatorOptions.DemoRegionIp));
            Assert.Single(clicks, replies => replies.SingleCard().TextBlocks().Any(t => t.Contains("already used", StringComparison.Ordinal)));
        }

        Assert.Equal(20, Huawei.StartRequests);
        output.WriteLine($"Decisions made again after another replica saved first: {DecidedAgain()}");
    }

    [Fact]
    public async Task A_Teams_form_executed_on_both_replicas_at_once_starts_one_meeting_and_the_other_card_says_already_used()
    {
        for (var i = 0; i < 5; i++)
        {
            var onA = A.Conversation(ActivityFixtures.TeamsInvoke);
            var activate = (JObject)(await onA.SendTextAsync("activate")).SingleCard()["actions"]![0]!;
            var startsBefore = Huawei.StartRequests;

            var executed = await Task.WhenAll(
                onA.ExecuteAsync(activate, FormInputs.Of(MeetingId, Password)),
                onA.Through(B).ExecuteAsync(activate, FormInputs.Of(MeetingId, Password)));

            Assert.Equal(1, Huawei.StartRequests - startsBefore);
            var cards = executed.Select(answer => (JObject)answer.Body!["value"]!).ToList();
            Assert.Single(cards, card => card.TextBlocks().Contains(HuaweiSimulatorOptions.DemoRegionIp));
            Assert.Single(cards, card => card.TextBlocks().Any(t => t.Contains("already used", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public async Task Turns_of_one_conversation_on_both_replicas_at_once_lose_no_form()
    {
        var onA = A.Conversation(ActivityFixtures.WebChat);
        var onB = onA.Through(B);

        var forms = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => (i % 2 == 0 ? onA : onB).SendTextAsync("activate")));

        var formIds = forms.Select(replies => replies.SingleCard().Action(CardVerbs.Activate)["data"]!.Value<string>(CardData.FormId)!).ToList();
        var key = $"{onA.ChannelId}/conversations/{onA.ConversationId}";
        var conversation = Assert.IsType<ConversationData>((await B.Services.GetRequiredService<IStorage>().ReadAsync([key]))[key]);
        Assert.Equal(20, formIds.Distinct().Count());
        Assert.All(formIds, formId => Assert.Equal(FormStatus.Open, conversation.Forms.StatusOf(formId)));
    }
}
