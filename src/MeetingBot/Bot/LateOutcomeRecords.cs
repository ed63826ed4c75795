using System.Collections.Concurrent;

namespace MeetingBot.Bot;

/// <summary>A late outcome the bot owes a user: "activating…" was shown, the outcome not delivered yet.</summary>
public sealed record LateOutcomeRecord(string Id, string ChannelId, string MeetingId, DateTimeOffset StartedAt);

/// <summary>
/// The seam for several replicas (issue 11): records of owed outcomes, opened when a turn answers "activating…" and
/// closed once the outcome (or the restart notice) was delivered. Kept in a shared store, a surviving replica could find
/// the records of a replica that died without closing them and resolve their "activating…" cards. That needs the
/// delivery address in the record (a conversation reference; a Slack response_url is a capability and must be
/// encrypted at rest), which this in-process version does not keep.
/// </summary>
public interface ILateOutcomeRecords
{
    Task OpenAsync(LateOutcomeRecord record, CancellationToken cancellationToken);

    Task CloseAsync(string id, CancellationToken cancellationToken);
}

/// <summary>One process: the records live and die with it.</summary>
public sealed class InProcessLateOutcomeRecords : ILateOutcomeRecords
{
    private readonly ConcurrentDictionary<string, LateOutcomeRecord> open = new();

    public IReadOnlyCollection<LateOutcomeRecord> Open => [.. open.Values];

    public Task OpenAsync(LateOutcomeRecord record, CancellationToken cancellationToken)
    {
        open[record.Id] = record;
        return Task.CompletedTask;
    }

    public Task CloseAsync(string id, CancellationToken cancellationToken)
    {
        open.TryRemove(id, out _);
        return Task.CompletedTask;
    }
}
