using Xunit.Abstractions;

namespace MeetingBot.Tests.Cluster;

/// <summary>
/// <see cref="ThreeReplicaTests"/> on a Redis Cluster of three masters: the 300 activations that sign each user in once,
/// the form submitted to two replicas that activates once, the lockout across replicas.
/// </summary>
[Collection(OnRedisClusterDefinition.Name)]
public sealed class ClusterOnRedisClusterTests(BotClusterOnRedisCluster cluster, ITestOutputHelper output) : ThreeReplicaTests(cluster, output);

/// <summary><see cref="NoSecretInRedisTests"/> on a Redis Cluster of three masters, every master dumped.</summary>
[Collection(OnRedisClusterDefinition.Name)]
public sealed class ClusterSecretOnRedisClusterTests(BotClusterOnRedisCluster cluster, ITestOutputHelper output) : NoSecretInRedisTests(cluster, output);
