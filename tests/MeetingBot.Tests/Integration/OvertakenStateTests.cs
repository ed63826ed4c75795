using MeetingBot.Cards;
using MeetingBot.Channels.BotFramework.DialogState;
using MeetingBot.Conversation;
using MeetingBot.Sandbox;
using MeetingBot.State;
using MeetingBot.Testing;
using MeetingBot.Tests.Infrastructure;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MeetingBot.Tests.Integration;

/// <summary>A turn whose every state save is overtaken by another replica fails loudly, and loses nothing.</summary>
public sealed class OvertakenStateTests
{
    [Fact]
    public async Task A_turn_overtaken_at_every_save_is_apologised_for_calls_no_Huawei_and_leaves_its_form_open()
    {
        OvertakenStorage? storage = null;
        await using var host = await MeetingBotApplication.StartAsync(overrides: services => services.Replace(ServiceDescriptor.Singleton<IStorage>(
            provider => storage = new OvertakenStorage(provider.GetRequiredService<BoundedMemoryStorage>()))));
        var chat = host.Conversation(ActivityFixtures.WebChat);
        var form = (await chat.SendTextAsync("activate")).SingleCard();
        var startsBefore = host.Simulator.StartRequests;

        storage!.Overtaking = true;
        var apology = Assert.Single((await chat.ClickAsync(form.Action(CardVerbs.Activate), FormInputs.Of(HuaweiSimulatorOptions.DemoMeetingId, HuaweiSimulatorOptions.DemoPassword))).Texts());
        storage.Overtaking = false;
        var key = $"{chat.ChannelId}/conversations/{chat.ConversationId}";
        var kept = Assert.IsType<ConversationData>((await storage.ReadAsync([key]))[key]);
        var again = (await chat.ClickAsync(form.Action(CardVerbs.Activate), FormInputs.Of(HuaweiSimulatorOptions.DemoMeetingId, HuaweiSimulatorOptions.DemoPassword))).SingleCard();

        Assert.Contains("quote this id to support", apology, StringComparison.Ordinal);
        Assert.Equal(BotStateMemory.MaxAttempts, storage.RefusedWrites);
        Assert.Contains(host.Logs.GetSnapshot(), r => r.Level == LogLevel.Error && r.Exception is DialogStateContendedException);
        // Not cleared after the failure, as state is after other errors: the form is still known, and still open.
        Assert.Equal(FormStatus.Open, kept.Forms.StatusOf(form.Action(CardVerbs.Activate)["data"]!.Value<string>(CardData.FormId)!));
        Assert.Contains(HuaweiSimulatorOptions.DemoRegionIp, again.TextBlocks());
        Assert.Equal(1, host.Simulator.StartRequests - startsBefore);
    }

    /// <summary>The app's storage, with another replica that (while <see cref="Overtaking"/>) saves every conversation first.</summary>
    private sealed class OvertakenStorage(IStorage inner) : IStorage
    {
        private int refusedWrites;

        public bool Overtaking { get; set; }

        public int RefusedWrites => Volatile.Read(ref refusedWrites);

        public Task<IDictionary<string, object>> ReadAsync(string[] keys, CancellationToken cancellationToken = default) =>
            inner.ReadAsync(keys, cancellationToken);

        public Task WriteAsync(IDictionary<string, object> changes, CancellationToken cancellationToken = default)
        {
            if (Overtaking && changes.Values.Any(value => value is ConversationData))
            {
                Interlocked.Increment(ref refusedWrites);
                throw new ArgumentException("Etag conflict. Another replica saved this conversation first.");
            }

            return inner.WriteAsync(changes, cancellationToken);
        }

        public Task DeleteAsync(string[] keys, CancellationToken cancellationToken = default) => inner.DeleteAsync(keys, cancellationToken);
    }
}
