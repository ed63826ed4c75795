// MeetingBot on Azure: the container on Azure Container Apps (at least two replicas, scaled on concurrent HTTP
// requests), their shared state in Azure Managed Redis (TLS only, Microsoft Entra ID only), secrets in Key Vault,
// Application Insights for its OpenTelemetry, and an Azure Bot with the Teams channel (Slack optional). One
// user-assigned managed identity pulls the image, reads Key Vault, signs in to Redis and, by default, is the bot.
// Deploy and update: see deploy/README.md. Parameters are documented with @description; secrets have no defaults but
// empty (the single-tenant bot's password is needed only when that is the bot's type).
targetScope = 'resourceGroup'

@description('Short name used to derive resource names (letters, digits and hyphens).')
@minLength(3)
@maxLength(20)
param baseName string = 'meetingbot'

@description('Region for the container app, Key Vault and logs. The Azure Bot itself is global.')
param location string = resourceGroup().location

@description('Container image to run, e.g. myregistry.azurecr.io/meetingbot:1.0.0 (built by az acr build, see README).')
param containerImage string

@description('Name of the existing Azure Container Registry holding the image; the app pulls from it with its managed identity.')
param registryName string

@description('The bot\'s identity, configuration MicrosoftAppType: UserAssignedMSI (the app\'s user-assigned managed identity, no secret) or SingleTenant (an Entra app registration with a client secret). Azure creates no new MultiTenant bots since 2025-07-31.')
@allowed([
  'UserAssignedMSI'
  'SingleTenant'
])
param microsoftAppType string = 'UserAssignedMSI'

@description('SingleTenant only: the app registration (client) id, configuration MicrosoftAppId. With UserAssignedMSI the identity\'s client id is used and this is ignored.')
param microsoftAppId string = ''

@description('SingleTenant only: tenant of the app registration, configuration MicrosoftAppTenantId (empty: this deployment\'s tenant). With UserAssignedMSI the identity\'s tenant is used.')
param microsoftAppTenantId string = ''

@secure()
@description('SingleTenant only: client secret of the app registration, stored in Key Vault as microsoft-app-password and read by the app as MicrosoftAppPassword. Ignored with UserAssignedMSI.')
param microsoftAppPassword string = ''

@description('Huawei Cloud Meeting API base address: configuration HuaweiMeeting:BaseUrl.')
param huaweiMeetingBaseUrl string = 'https://api.meeting.huaweicloud.com'

@description('Huawei Cloud Meeting App ID: configuration HuaweiMeeting:AppId.')
param huaweiMeetingAppId string

@secure()
@description('Huawei Cloud Meeting App Key: stored in Key Vault as huawei-app-key, read by the app as HuaweiMeeting:AppKey.')
param huaweiMeetingAppKey string

@description('Configuration HuaweiMeeting:Mode: SingleEnterprise (one Huawei enterprise) or ServiceProvider (tenants mapped by huaweiEnterprises).')
@allowed([
  'SingleEnterprise'
  'ServiceProvider'
])
param huaweiMeetingMode string = 'SingleEnterprise'

@description('ServiceProvider mode, configuration HuaweiMeeting:Enterprises: items { tenant: Teams tenant id or Slack team id, corpId: Huawei enterprise id }, or { tenant, appId } for an organisation with its own Huawei app (its App Key in huaweiEnterpriseAppKeys).')
param huaweiEnterprises array = []

@secure()
@description('App Keys of the huaweiEnterprises items that have their own appId, by tenant: { "<tenant>": "<appKey>" }. Each is stored in Key Vault as huawei-enterprise-<index>-app-key and read by the app as HuaweiMeeting:Enterprises:<index>:AppKey.')
param huaweiEnterpriseAppKeys object = {}

@description('Microsoft Entra tenant ids whose Teams users may use the bot: configuration Bot:AllowedTenants (empty = every tenant).')
param allowedTenants array = []

@description('Slack team ids whose users may use the slash commands: configuration Slack:AllowedTeams (empty = every workspace).')
param slackAllowedTeams array = []

@description('Turn on Slack: the Azure Bot\'s Slack channel and the app\'s /api/slack/commands endpoint. Off by default.')
param enableSlack bool = false

@description('Slack app Client ID (Basic Information page). Needed when enableSlack is true.')
param slackClientId string = ''

@secure()
@description('Slack app Client Secret, given to Azure Bot Service\'s Slack channel. Needed when enableSlack is true.')
param slackClientSecret string = ''

@secure()
@description('Slack app Verification Token, given to Azure Bot Service\'s Slack channel. Needed when enableSlack is true.')
param slackVerificationToken string = ''

@secure()
@description('Slack app Signing Secret: given to the Slack channel and stored in Key Vault as slack-signing-secret for Slack:SigningSecret. Needed when enableSlack is true.')
param slackSigningSecret string = ''

@secure()
@description('Base64 PFX without password (e.g. a Key Vault certificate\'s secret value) that encrypts the Data Protection keys kept in Redis: stored in Key Vault as data-protection-certificate, read as Redis:DataProtectionCertificate.')
param dataProtectionCertificate string

@description('Azure Managed Redis SKU for the shared state: performance tier and size. Balanced_B1 (1 GB, two vCPUs, high availability) by default; Balanced_B0 (0.5 GB) is the smallest.')
@allowed([
  'Balanced_B0'
  'Balanced_B1'
  'Balanced_B3'
  'Balanced_B5'
  'Balanced_B10'
  'Balanced_B20'
  'Balanced_B50'
  'Balanced_B100'
  'MemoryOptimized_M10'
  'MemoryOptimized_M20'
  'MemoryOptimized_M50'
  'MemoryOptimized_M100'
  'ComputeOptimized_X3'
  'ComputeOptimized_X5'
  'ComputeOptimized_X10'
  'ComputeOptimized_X20'
  'ComputeOptimized_X50'
  'ComputeOptimized_X100'
])
param redisSku string = 'Balanced_B1'

@description('Fewest replicas of the app. At least two: a deploy or a crash of one replica drops no turn.')
@minValue(2)
param minReplicas int = 2

@description('Most replicas the HTTP scale rule may add.')
@minValue(2)
param maxReplicas int = 10

@description('Concurrent HTTP requests per replica above which Container Apps adds a replica.')
@minValue(1)
param concurrentRequestsPerReplica int = 50

@description('Azure Bot pricing tier: F0 (free, standard channels) or S1.')
@allowed([
  'F0'
  'S1'
])
param botSku string = 'F0'

var names = {
  identity: 'id-${baseName}'
  keyVault: take('kv${uniqueString(resourceGroup().id, baseName)}', 24)
  logs: 'log-${baseName}'
  appInsights: 'appi-${baseName}'
  environment: 'cae-${baseName}'
  containerApp: 'ca-${baseName}'
  bot: 'bot-${baseName}-${uniqueString(resourceGroup().id)}'
  redis: 'redis-${baseName}-${uniqueString(resourceGroup().id)}'
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: names.identity
  location: location
}

// The bot's identity as the Azure Bot and the app both name it.
var botUsesManagedIdentity = microsoftAppType == 'UserAssignedMSI'
var botAppId = botUsesManagedIdentity ? identity.properties.clientId : microsoftAppId
var botTenantId = botUsesManagedIdentity ? identity.properties.tenantId : (empty(microsoftAppTenantId) ? tenant().tenantId : microsoftAppTenantId)

module redis 'modules/redis.bicep' = {
  name: 'redis'
  params: {
    name: names.redis
    location: location
    skuName: redisSku
    appPrincipalId: identity.properties.principalId
  }
}

module vault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    name: names.keyVault
    location: location
    readerPrincipalId: identity.properties.principalId
    microsoftAppPassword: botUsesManagedIdentity ? '' : microsoftAppPassword
    huaweiMeetingAppKey: huaweiMeetingAppKey
    huaweiEnterprises: huaweiEnterprises
    huaweiEnterpriseAppKeys: huaweiEnterpriseAppKeys
    slackSigningSecret: enableSlack ? slackSigningSecret : ''
    dataProtectionCertificate: dataProtectionCertificate
  }
}

module registryAccess 'modules/registry-access.bicep' = {
  name: 'registry-access'
  params: {
    registryName: registryName
    pullerPrincipalId: identity.properties.principalId
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    logAnalyticsName: names.logs
    appInsightsName: names.appInsights
    location: location
  }
}

module app 'modules/containerapp.bicep' = {
  name: 'containerapp'
  params: {
    name: names.containerApp
    environmentName: names.environment
    logAnalyticsName: monitoring.outputs.logAnalyticsName
    appInsightsConnectionString: monitoring.outputs.appInsightsConnectionString
    location: location
    image: containerImage
    registryServer: registryAccess.outputs.loginServer
    identityId: identity.id
    identityClientId: identity.properties.clientId
    keyVaultUri: vault.outputs.vaultUri
    microsoftAppType: microsoftAppType
    microsoftAppId: botAppId
    microsoftAppTenantId: botTenantId
    redisHostName: redis.outputs.hostName
    redisPort: redis.outputs.port
    huaweiMeetingBaseUrl: huaweiMeetingBaseUrl
    huaweiMeetingAppId: huaweiMeetingAppId
    huaweiMeetingMode: huaweiMeetingMode
    huaweiEnterprises: huaweiEnterprises
    allowedTenants: allowedTenants
    slackAllowedTeams: slackAllowedTeams
    enableSlack: enableSlack
    minReplicas: minReplicas
    maxReplicas: maxReplicas
    concurrentRequestsPerReplica: concurrentRequestsPerReplica
  }
}

module bot 'modules/bot.bicep' = {
  name: 'bot'
  params: {
    name: names.bot
    sku: botSku
    messagingEndpoint: 'https://${app.outputs.fqdn}/api/messages'
    microsoftAppType: microsoftAppType
    microsoftAppId: botAppId
    microsoftAppTenantId: botTenantId
    identityId: identity.id
    enableSlack: enableSlack
    slackClientId: slackClientId
    slackClientSecret: slackClientSecret
    slackVerificationToken: slackVerificationToken
    slackSigningSecret: slackSigningSecret
  }
}

@description('The bot\'s messaging endpoint, as registered on the Azure Bot.')
output messagingEndpoint string = 'https://${app.outputs.fqdn}/api/messages'

@description('Host name of the bot: BOT_DOMAIN for npm run package and npm run slack-manifest.')
output botDomain string = app.outputs.fqdn

@description('The Azure Bot resource name (the bot handle): BOT_HANDLE for npm run slack-manifest.')
output botName string = bot.outputs.name

@description('The bot\'s app id (the managed identity\'s client id with UserAssignedMSI): BOT_ID for npm run package.')
output botId string = botAppId

@description('Slack slash command request URL (when enableSlack is true).')
output slackCommandsUrl string = 'https://${app.outputs.fqdn}/api/slack/commands'

output containerAppName string = app.outputs.name
output keyVaultName string = vault.outputs.name

@description('The Azure Managed Redis cluster holding the shared state.')
output redisName string = redis.outputs.name

@description('Application Insights resource receiving the app\'s traces, metrics and logs (queries: deploy/README.md).')
output appInsightsName string = monitoring.outputs.appInsightsName
