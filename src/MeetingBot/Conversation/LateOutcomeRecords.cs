namespace MeetingBot.Conversation;

/// <summary>
/// A late outcome the bot owes a user: "activating…" was shown, the outcome not delivered yet.
/// <paramref name="Address"/> is where it goes, as data a surviving replica can deliver to.
/// </summary>
public sealed record LateOutcomeRecord(string Id, string ChannelId, string MeetingId, DateTimeOffset StartedAt, LateOutcomeAddress Address);

/// <summary>
/// Records of owed outcomes, opened when a turn answers "activating…", given the outcome once it is known, and closed
/// once the outcome (or the restart notice) was delivered. In Redis (<c>State/RedisLateOutcomeRecords</c>) a surviving
/// replica finds the records of a replica that died without closing them and resolves their "activating…" cards
/// (<see cref="OrphanedOutcomeSweeper"/>).
/// </summary>
public interface ILateOutcomeRecords
{
    Task OpenAsync(LateOutcomeRecord record, CancellationToken cancellationToken);

    /// <summary>The outcome arrived and is about to be delivered: kept so that another replica could deliver it.</summary>
    Task RecordOutcomeAsync(string id, BotReply outcome, CancellationToken cancellationToken);

    Task CloseAsync(string id, CancellationToken cancellationToken);
}
