// The Azure Bot registration: messaging endpoint, the bot's identity, the Teams channel, and the Slack channel when
// asked for. The identity is the app's user-assigned managed identity (UserAssignedMSI, no secret anywhere) or a
// single-tenant app registration. Azure creates no new multi-tenant bots since 2025-07-31.
param name string
param sku string
param messagingEndpoint string

@allowed([
  'UserAssignedMSI'
  'SingleTenant'
])
param microsoftAppType string

@description('UserAssignedMSI: the identity\'s client id. SingleTenant: the app registration\'s client id.')
param microsoftAppId string

@description('Tenant of the identity or of the app registration.')
param microsoftAppTenantId string

@description('Resource id of the user-assigned identity the bot runs as (used with UserAssignedMSI only).')
param identityId string

param enableSlack bool
param slackClientId string

@secure()
param slackClientSecret string

@secure()
param slackVerificationToken string

@secure()
param slackSigningSecret string

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: name
  location: 'global'
  kind: 'azurebot'
  sku: {
    name: sku
  }
  properties: {
    displayName: 'MeetingBot'
    endpoint: messagingEndpoint
    msaAppType: microsoftAppType
    msaAppId: microsoftAppId
    msaAppTenantId: microsoftAppTenantId
    msaAppMSIResourceId: microsoftAppType == 'UserAssignedMSI' ? identityId : null
  }
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
    }
  }
}

resource slack 'Microsoft.BotService/botServices/channels@2022-09-15' = if (enableSlack) {
  parent: bot
  name: 'SlackChannel'
  location: 'global'
  properties: {
    channelName: 'SlackChannel'
    properties: {
      clientId: slackClientId
      clientSecret: slackClientSecret
      verificationToken: slackVerificationToken
      signingSecret: slackSigningSecret
      isEnabled: true
    }
  }
}

output name string = bot.name
