namespace MeetingBot.Tests.State.Contracts;

/// <summary>
/// Where a step of a contract runs. An in-process implementation serves one process: A and B are the same instance, and
/// what it promises stops at that process. A Redis implementation runs as two replicas (each its own connection and
/// instance) sharing one redis-server: every rule then holds whichever replica each step lands on.
/// </summary>
public enum Replica
{
    A,
    B,
}
