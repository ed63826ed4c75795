// Key Vault (RBAC) holding the app's secrets; the app's managed identity may read them, nothing more. Redis has no
// secret here: the app signs in to it with its managed identity (Microsoft Entra ID), and Redis keeps no access keys.
param name string
param location string

@description('Principal id of the managed identity that reads the secrets.')
param readerPrincipalId string

@secure()
@description('Client secret of the bot\'s app registration (SingleTenant); empty with UserAssignedMSI: then no microsoft-app-password is written.')
param microsoftAppPassword string

@secure()
param huaweiMeetingAppKey string

@description('HuaweiMeeting:Enterprises items; those with their own appId get a secret huawei-enterprise-<index>-app-key.')
param huaweiEnterprises array

@secure()
@description('App Keys of the huaweiEnterprises items with their own appId, by tenant.')
param huaweiEnterpriseAppKeys object

@secure()
@description('Empty when Slack is off: then no slack-signing-secret is written.')
param slackSigningSecret string

@secure()
@description('Base64 PFX without password that encrypts the Data Protection keys in Redis: the secret data-protection-certificate.')
param dataProtectionCertificate string

var keyVaultSecretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 30
  }
}

resource appPassword 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(microsoftAppPassword)) {
  parent: vault
  name: 'microsoft-app-password'
  properties: {
    value: microsoftAppPassword
  }
}

resource huaweiAppKey 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'huawei-app-key'
  properties: {
    value: huaweiMeetingAppKey
  }
}

// One secret per organisation that brings its own Huawei app; the index matches HuaweiMeeting:Enterprises:<index>.
resource enterpriseAppKeys 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = [for (entry, i) in huaweiEnterprises: if (!empty(entry.?appId ?? '')) {
  parent: vault
  name: 'huawei-enterprise-${i}-app-key'
  properties: {
    value: huaweiEnterpriseAppKeys[entry.tenant]
  }
}]

resource slackSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(slackSigningSecret)) {
  parent: vault
  name: 'slack-signing-secret'
  properties: {
    value: slackSigningSecret
  }
}

resource dataProtectionSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'data-protection-certificate'
  properties: {
    value: dataProtectionCertificate
    contentType: 'application/x-pkcs12'
  }
}

resource readSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, readerPrincipalId, keyVaultSecretsUserRoleId)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRoleId)
    principalId: readerPrincipalId
    principalType: 'ServicePrincipal'
  }
}

output name string = vault.name
output vaultUri string = vault.properties.vaultUri
