// Azure Cache for Redis holding the replicas' shared state (Bot Framework state, encrypted access tokens, Data
// Protection keys, locks). TLS only: the non-TLS port 6379 is off, clients connect on 6380 with TLS 1.2 or later. Its
// access key goes to Key Vault only (the keyvault module reads it with listKeys), never to an output.
param name string
param location string

@description('Basic (one node, no SLA), Standard (primary and replica, SLA) or Premium.')
@allowed([
  'Basic'
  'Standard'
  'Premium'
])
param skuName string

@description('Cache size within the SKU: C0 (250 MB) to C6 for Basic and Standard, P1 to P5 for Premium.')
@minValue(0)
@maxValue(6)
param capacity int

resource cache 'Microsoft.Cache/redis@2024-11-01' = {
  name: name
  location: location
  properties: {
    sku: {
      name: skuName
      family: skuName == 'Premium' ? 'P' : 'C'
      capacity: capacity
    }
    enableNonSslPort: false
    minimumTlsVersion: '1.2'
    redisConfiguration: {
      // Every state key has a TTL except the Data Protection key ring: under memory pressure Redis evicts the least
      // recently used expiring keys (a lost token means one sign-in), never the keys that decrypt the others.
      'maxmemory-policy': 'volatile-lru'
    }
  }
}

output name string = cache.name
output hostName string = cache.properties.hostName
output sslPort int = cache.properties.sslPort
