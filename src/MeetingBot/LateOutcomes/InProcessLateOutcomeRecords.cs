using MeetingBot.Conversation;

namespace MeetingBot.LateOutcomes;

/// <summary>
/// One process: nothing to keep for anyone else. What the process owes is its <see cref="ActivationsInFlight"/>'s, which
/// delivers it (or the restart notice) on SIGTERM, and dies with it on SIGKILL: that is why replicas share Redis.
/// </summary>
public sealed class InProcessLateOutcomeRecords : ILateOutcomeRecords
{
    public Task OpenAsync(LateOutcomeRecord record, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task RecordOutcomeAsync(string id, BotReply outcome, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task CloseAsync(string id, CancellationToken cancellationToken) => Task.CompletedTask;
}
