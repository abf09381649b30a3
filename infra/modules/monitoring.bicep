// Log Analytics and Application Insights, local (key) authentication off: the app's identity
// publishes with Entra auth (APPLICATIONINSIGHTS_AUTHENTICATION_STRING).
param location string
param tags object
param token string

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-gpu-warden-${token}'
  location: location
  tags: tags
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 30
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-gpu-warden-${token}'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
    DisableLocalAuth: true
  }
}

output appInsightsName string = insights.name
output connectionString string = insights.properties.ConnectionString
output logAnalyticsWorkspaceName string = logs.name
