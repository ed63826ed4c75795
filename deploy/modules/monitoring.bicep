// Logs and telemetry: the Log Analytics workspace (container logs) and, on it, a workspace-based Application Insights
// that receives the app's OpenTelemetry traces, metrics and logs.
param logAnalyticsName string
param appInsightsName string
param location string

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: logAnalyticsName
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
  }
}

output logAnalyticsName string = logs.name
output appInsightsName string = insights.name

@description('The app\'s APPLICATIONINSIGHTS_CONNECTION_STRING: where its Azure Monitor exporter sends telemetry (an ingestion address, not a credential).')
output appInsightsConnectionString string = insights.properties.ConnectionString
