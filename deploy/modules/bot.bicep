// The Azure Bot registration: messaging endpoint, the Teams channel, and the Slack channel when asked for.
param name string
param sku string
param messagingEndpoint string
param microsoftAppId string
param microsoftAppType string
param microsoftAppTenantId string
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
    msaAppId: microsoftAppId
    msaAppType: microsoftAppType
    msaAppTenantId: microsoftAppType == 'SingleTenant' ? microsoftAppTenantId : ''
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
