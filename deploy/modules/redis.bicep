// Azure Managed Redis (Microsoft.Cache/redisEnterprise with its one database) holding the replicas' shared state: Bot
// Framework state, encrypted access tokens, Data Protection keys, locks. Azure Cache for Redis (Microsoft.Cache/redis)
// is retiring, so the template no longer creates it.
//
// TLS only, on port 10000. Microsoft Entra ID only: access keys are off, so there is no key to store or leak; the app's
// user-assigned identity gets the `default` access policy (full data access) and signs in with a token, its object id
// as the Redis user name.
param name string
param location string

@description('Azure Managed Redis SKU: performance tier and size, e.g. Balanced_B1 (1 GB).')
param skuName string

@description('Object (principal) id of the managed identity the app reaches Redis with.')
param appPrincipalId string

var port = 10000

resource cluster 'Microsoft.Cache/redisEnterprise@2025-07-01' = {
  name: name
  location: location
  sku: {
    name: skuName
  }
  properties: {
    minimumTlsVersion: '1.2'
    // Primary and replica shards on separate nodes (zone redundant where the region has zones): the SLA, and a node
    // failure or a patch loses no state.
    highAvailability: 'Enabled'
    // The Container Apps environment has no virtual network, so the app comes over the public endpoint; only TLS and a
    // Microsoft Entra token get in.
    publicNetworkAccess: 'Enabled'
  }
}

resource database 'Microsoft.Cache/redisEnterprise/databases@2025-07-01' = {
  parent: cluster
  // Azure Managed Redis has exactly one database, and it must be called `default`.
  name: 'default'
  properties: {
    clientProtocol: 'Encrypted'
    port: port
    // Clustering policy, fixed when the database is created (changing OSS or Enterprise later means deleting it):
    // - OSSCluster: the Redis Cluster API. StackExchange.Redis discovers the shards and talks to each directly: the
    //   lowest latency and the most throughput, and the cache can grow to any size. Every multi-key command, transaction
    //   and script must stay within one hash slot (CROSSSLOT otherwise); the app's Redis code keeps every one of them
    //   within one slot (hash tags), so it meets that.
    // - EnterpriseCluster: one endpoint; the proxy on one node routes every request to the shards, and can become the
    //   bottleneck. It would not spare the app the one-slot rule (only DEL, MSET, MGET, EXISTS, UNLINK and TOUCH may
    //   cross slots). Its one gain, the RediSearch module, the app does not use.
    // - NoCluster: no slot rule at all, but in preview, for 25 GB at most, the slowest (Redis Enterprise spreads work
    //   over vCPUs only when the data is sharded), and the policy must be changed before the cache can grow further.
    // Microsoft recommends OSS for most applications and makes it the default; the app is cluster-safe, so OSS it is.
    clusteringPolicy: 'OSSCluster'
    // Every state key has a TTL except the Data Protection key ring: under memory pressure Redis evicts the least
    // recently used expiring keys (a lost token means one sign-in), never the keys that decrypt the others.
    evictionPolicy: 'VolatileLRU'
    accessKeysAuthentication: 'Disabled'
  }
}

// The name must be letters and digits only: the object id without its hyphens, so a new identity gets a new assignment.
resource appAccess 'Microsoft.Cache/redisEnterprise/databases/accessPolicyAssignments@2025-07-01' = {
  parent: database
  name: replace(appPrincipalId, '-', '')
  properties: {
    accessPolicyName: 'default'
    user: {
      objectId: appPrincipalId
    }
  }
}

output name string = cluster.name
output hostName string = cluster.properties.hostName
output port int = port
