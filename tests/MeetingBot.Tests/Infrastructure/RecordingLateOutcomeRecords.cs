using System.Collections.Concurrent;
using MeetingBot.Conversation;

namespace MeetingBot.Tests.Infrastructure;

/// <summary>Late-outcome records that only remember which are open: what a test checks the records were told.</summary>
public sealed class RecordingLateOutcomeRecords : ILateOutcomeRecords
{
    private readonly ConcurrentDictionary<string, LateOutcomeRecord> open = new();

    public IReadOnlyCollection<LateOutcomeRecord> Open => [.. open.Values];

    public Task OpenAsync(LateOutcomeRecord record, CancellationToken cancellationToken)
    {
        open[record.Id] = record;
        return Task.CompletedTask;
    }

    public Task RecordOutcomeAsync(string id, BotReply outcome, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task CloseAsync(string id, CancellationToken cancellationToken)
    {
        open.TryRemove(id, out _);
        return Task.CompletedTask;
    }
}
