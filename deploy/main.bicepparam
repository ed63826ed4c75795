// Parameters for deploy/main.bicep, read from environment variables so no value (and no secret) is committed.
// Export them as deploy/README.md shows, then: az deployment group create -g "$RG" -n meetingbot -p deploy/main.bicepparam
using './main.bicep'

param baseName = readEnvironmentVariable('MEETINGBOT_NAME', 'meetingbot')
param containerImage = readEnvironmentVariable('MEETINGBOT_IMAGE')
param registryName = readEnvironmentVariable('ACR_NAME')

// The bot runs as the app's user-assigned managed identity unless MICROSOFT_APP_TYPE=SingleTenant: then the app
// registration's id, tenant (empty: this deployment's) and client secret.
param microsoftAppType = readEnvironmentVariable('MICROSOFT_APP_TYPE', 'UserAssignedMSI')
param microsoftAppId = readEnvironmentVariable('MICROSOFT_APP_ID', '')
param microsoftAppTenantId = readEnvironmentVariable('MICROSOFT_APP_TENANT_ID', '')
param microsoftAppPassword = readEnvironmentVariable('MICROSOFT_APP_PASSWORD', '')

param huaweiMeetingAppId = readEnvironmentVariable('HUAWEI_MEETING_APP_ID')
param huaweiMeetingAppKey = readEnvironmentVariable('HUAWEI_MEETING_APP_KEY')

// Service-provider mode: the tenant → Huawei enterprise list as JSON, e.g. [{"tenant":"<tenant id>","corpId":"<corp id>"}],
// and the App Keys of entries with their own appId as a JSON object by tenant (a secret: only ever from the environment).
param huaweiMeetingMode = readEnvironmentVariable('HUAWEI_MEETING_MODE', 'SingleEnterprise')
param huaweiEnterprises = json(readEnvironmentVariable('HUAWEI_MEETING_ENTERPRISES', '[]'))
param huaweiEnterpriseAppKeys = json(readEnvironmentVariable('HUAWEI_MEETING_ENTERPRISE_APP_KEYS', '{}'))

// Comma-separated tenant ids; empty lets every tenant in.
var allowedTenantList = readEnvironmentVariable('BOT_ALLOWED_TENANTS', '')
param allowedTenants = empty(allowedTenantList) ? [] : split(allowedTenantList, ',')

// Comma-separated Slack team ids; empty lets every workspace in.
var slackAllowedTeamList = readEnvironmentVariable('SLACK_ALLOWED_TEAMS', '')
param slackAllowedTeams = empty(slackAllowedTeamList) ? [] : split(slackAllowedTeamList, ',')

param enableSlack = bool(readEnvironmentVariable('ENABLE_SLACK', 'false'))
param slackClientId = readEnvironmentVariable('SLACK_CLIENT_ID', '')
param slackClientSecret = readEnvironmentVariable('SLACK_CLIENT_SECRET', '')
param slackVerificationToken = readEnvironmentVariable('SLACK_VERIFICATION_TOKEN', '')
param slackSigningSecret = readEnvironmentVariable('SLACK_SIGNING_SECRET', '')

// Shared state: the template creates Azure Managed Redis; the base64 PFX protecting the Data Protection keys kept there.
param dataProtectionCertificate = readEnvironmentVariable('DATA_PROTECTION_CERTIFICATE')
param redisSku = readEnvironmentVariable('REDIS_SKU', 'Balanced_B1')
param minReplicas = int(readEnvironmentVariable('MEETINGBOT_MIN_REPLICAS', '2'))
param maxReplicas = int(readEnvironmentVariable('MEETINGBOT_MAX_REPLICAS', '10'))
