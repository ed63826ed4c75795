using MeetingBot.Testing;

namespace MeetingBot.Tests.State.Cluster;

/// <summary>The cluster tests share one <see cref="RedisCluster"/> (three masters) and run one after the other; each test flushes it first.</summary>
[CollectionDefinition(Name)]
public sealed class OnRedisCluster : ICollectionFixture<RedisCluster>
{
    public const string Name = "Redis cluster";
}
