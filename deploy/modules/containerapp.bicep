// The bot's container on Azure Container Apps: HTTPS ingress to port 8080, liveness and readiness probes, two or more
// replicas scaled on concurrent HTTP requests, configuration as environment variables (`__` for `:`), secrets as
// Key Vault references read with the managed identity. The same user-assigned identity is attached to the app, so
// IDENTITY_ENDPOINT/IDENTITY_HEADER serve its tokens: the bot (UserAssignedMSI) and Redis (Microsoft Entra ID) pick it
// by its client id.
param name string
param environmentName string
@description('The Log Analytics workspace (from the monitoring module) that receives the container logs.')
param logAnalyticsName string

@description('Application Insights connection string: turns the app\'s Azure Monitor exporter on.')
param appInsightsConnectionString string
param location string
param image string
param registryServer string

@description('Resource id of the user-assigned identity that pulls the image, reads Key Vault and signs in to Redis.')
param identityId string

@description('Client id of that identity: Redis:ManagedIdentityClientId.')
param identityClientId string

@description('Key Vault URI (https://<name>.vault.azure.net/) holding the secrets named in secretAppSettings.')
param keyVaultUri string

@description('UserAssignedMSI (the bot is the user-assigned identity, no password) or SingleTenant (an app registration and its password from Key Vault).')
@allowed([
  'UserAssignedMSI'
  'SingleTenant'
])
param microsoftAppType string

param microsoftAppId string
param microsoftAppTenantId string
param huaweiMeetingBaseUrl string
param huaweiMeetingAppId string
param huaweiMeetingMode string

@description('HuaweiMeeting:Enterprises items: { tenant, corpId } or { tenant, appId } (whose App Key is the Key Vault secret huawei-enterprise-<index>-app-key).')
param huaweiEnterprises array

@description('Host name of the Azure Managed Redis cluster.')
param redisHostName string

@description('Its TLS port.')
param redisPort int

param allowedTenants array
param slackAllowedTeams array
param enableSlack bool

@description('Fewest replicas: at least two, sharing their state in Redis, so a deploy or a crash of one drops no turn.')
@minValue(2)
param minReplicas int

@minValue(2)
param maxReplicas int

@description('HTTP scale rule: concurrent requests per replica above which a replica is added.')
@minValue(1)
param concurrentRequestsPerReplica int

var port = 8080

// Every configuration key the app gets from here. Each name must be a key of the root appsettings.json
// (checked by tests/MeetingBot.Deploy.Tests); secrets appear only in secretAppSettings.
var appSettings = {
  MicrosoftAppType: microsoftAppType
  MicrosoftAppId: microsoftAppId
  MicrosoftAppTenantId: microsoftAppTenantId
  HuaweiMeeting__BaseUrl: huaweiMeetingBaseUrl
  HuaweiMeeting__AppId: huaweiMeetingAppId
  HuaweiMeeting__Mode: huaweiMeetingMode
  APPLICATIONINSIGHTS_CONNECTION_STRING: appInsightsConnectionString
  // No password: the app signs in to Redis with a Microsoft Entra token of the identity (its connections
  // re-authenticate before the token expires). The app sets its own short timeouts, and starts while Redis is away.
  Redis__ConnectionString: '${redisHostName}:${redisPort},ssl=true'
  Redis__Authentication: 'ManagedIdentity'
  Redis__ManagedIdentityClientId: identityClientId
}

// List settings: configuration key → array, passed as KEY__0, KEY__1, … (how configuration binds lists from the environment).
var listSettings = {
  Bot__AllowedTenants: allowedTenants
  Slack__AllowedTeams: slackAllowedTeams
}

// HuaweiMeeting:Enterprises as HuaweiMeeting__Enterprises__<index>__Tenant, __CorpId and __AppId (plain values).
var enterpriseSettings = flatten(map(range(0, length(huaweiEnterprises)), i => concat(
  [{ name: 'HuaweiMeeting__Enterprises__${i}__Tenant', value: huaweiEnterprises[i].tenant }],
  empty(huaweiEnterprises[i].?corpId ?? '') ? [] : [{ name: 'HuaweiMeeting__Enterprises__${i}__CorpId', value: huaweiEnterprises[i].corpId }],
  empty(huaweiEnterprises[i].?appId ?? '') ? [] : [{ name: 'HuaweiMeeting__Enterprises__${i}__AppId', value: huaweiEnterprises[i].appId }]
)))

// An organisation's own App Key: a Key Vault reference like the main one (configuration key → secret name).
var enterpriseSecretSettings = map(
  filter(range(0, length(huaweiEnterprises)), i => !empty(huaweiEnterprises[i].?appId ?? '')),
  i => { key: 'HuaweiMeeting__Enterprises__${i}__AppKey', value: 'huawei-enterprise-${i}-app-key' })

// Configuration key → Key Vault secret name. The container app resolves them through its identity.
var secretAppSettings = {
  MicrosoftAppPassword: 'microsoft-app-password'
  HuaweiMeeting__AppKey: 'huawei-app-key'
  Slack__SigningSecret: 'slack-signing-secret'
  Redis__DataProtectionCertificate: 'data-protection-certificate'
}

// Without Slack there is no slack-signing-secret in the vault, and the app leaves /api/slack/commands off. A managed
// identity has no password: with UserAssignedMSI there is no microsoft-app-password, and the app must not get one.
var omittedSecretSettings = concat(
  enableSlack ? [] : ['Slack__SigningSecret'],
  microsoftAppType == 'SingleTenant' ? [] : ['MicrosoftAppPassword'])

var activeSecretSettings = concat(
  filter(items(secretAppSettings), s => !contains(omittedSecretSettings, s.key)),
  enterpriseSecretSettings)

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' existing = {
  name: logAnalyticsName
}

resource environment 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: environmentName
  location: location
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: logs.properties.customerId
        sharedKey: logs.listKeys().primarySharedKey
      }
    }
  }
}

resource app 'Microsoft.App/containerApps@2024-03-01' = {
  name: name
  location: location
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    managedEnvironmentId: environment.id
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        external: true
        targetPort: port
        transport: 'auto'
        allowInsecure: false
      }
      registries: [
        {
          server: registryServer
          identity: identityId
        }
      ]
      secrets: [
        for s in activeSecretSettings: {
          name: s.value
          keyVaultUrl: '${keyVaultUri}secrets/${s.value}'
          identity: identityId
        }
      ]
    }
    template: {
      containers: [
        {
          name: 'meetingbot'
          image: image
          resources: {
            cpu: json('0.5')
            memory: '1Gi'
          }
          env: concat(
            map(items(appSettings), s => { name: s.key, value: s.value }),
            flatten(map(items(listSettings), s => map(range(0, length(s.value)), i => { name: '${s.key}__${i}', value: s.value[i] }))),
            enterpriseSettings,
            map(activeSecretSettings, s => { name: s.key, secretRef: s.value })
          )
          probes: [
            {
              type: 'Startup'
              httpGet: {
                path: '/health/live'
                port: port
              }
              periodSeconds: 5
              failureThreshold: 24
            }
            {
              type: 'Liveness'
              httpGet: {
                path: '/health/live'
                port: port
              }
              periodSeconds: 30
              failureThreshold: 3
            }
            {
              type: 'Readiness'
              httpGet: {
                path: '/health/ready'
                port: port
              }
              periodSeconds: 10
              failureThreshold: 3
            }
          ]
        }
      ]
      scale: {
        minReplicas: minReplicas
        maxReplicas: maxReplicas
        rules: [
          {
            name: 'http-concurrency'
            http: {
              metadata: {
                concurrentRequests: string(concurrentRequestsPerReplica)
              }
            }
          }
        ]
      }
    }
  }
}

output name string = app.name
output fqdn string = app.properties.configuration.ingress.fqdn
