using StackExchange.Redis;
using Xunit;

namespace MeetingBot.Testing;

/// <summary>
/// A Redis that several replicas share, started and stopped by the test: a single <see cref="RedisServer"/> or a
/// <see cref="RedisCluster"/> of three masters. A suite written against it runs on either by the fixture its subclass picks.
/// </summary>
public interface ISharedRedis : IAsyncLifetime
{
    /// <summary>For StackExchange.Redis in a test: every server, and no waiting for one that is gone.</summary>
    string ConnectionString { get; }

    /// <summary>The servers' addresses only, as a deployment configures the app: its own timeouts and reconnect policy apply.</summary>
    string Address { get; }

    /// <summary>Empties every database of every server: each test starts from nothing.</summary>
    Task FlushAsync();

    /// <summary>Empties everything and connects a client: the start of a test that reads Redis behind the code under test.</summary>
    Task<ConnectionMultiplexer> EmptyAndConnectAsync();
}
