namespace MeetingBot.State.Redis;

/// <summary>
/// A write that must survive a failover was not acknowledged by a replica of its master in time
/// (<see cref="ReplicaAcknowledgement"/>): it counts as not recorded, and the turn is a state outage ("try again").
/// </summary>
public sealed class WriteNotReplicatedException : InvalidOperationException
{
    public WriteNotReplicatedException()
        : base("No replica acknowledged the write in time.")
    {
    }

    public WriteNotReplicatedException(string message)
        : base(message)
    {
    }

    public WriteNotReplicatedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
