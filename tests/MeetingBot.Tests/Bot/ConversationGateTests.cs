using MeetingBot.Channels.BotFramework.DialogState;

namespace MeetingBot.Tests.Bot;

public class ConversationGateTests
{
    [Fact]
    public async Task A_second_turn_of_the_same_conversation_waits_until_the_first_leaves()
    {
        var gate = new ConversationGate();
        var first = await gate.EnterAsync("msteams/a", CancellationToken.None);

        var second = gate.EnterAsync("msteams/a", CancellationToken.None);
        var other = await gate.EnterAsync("msteams/b", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(second.IsCompleted);
        first.Dispose();
        (await second.WaitAsync(TimeSpan.FromSeconds(30))).Dispose();
        other.Dispose();
    }

    [Fact]
    public async Task A_cancelled_wait_leaves_the_gate_usable()
    {
        var gate = new ConversationGate();
        var first = await gate.EnterAsync("c", CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var waiting = gate.EnterAsync("c", cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        first.Dispose();

        (await gate.EnterAsync("c", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30))).Dispose();
    }
}
