// The Flex Consumption function app (Linux, Node 22), running the package from the deployment
// container with the user-assigned identity. Identity-based host storage; Application Insights
// with Entra auth; the Slack secrets as Key Vault references once they are in the vault.
// Every app setting below is documented in docs/configuration.md (App settings).
param location string
param tags object
param name string
param identityId string
param identityClientId string
param blobEndpoint string
param queueEndpoint string
param tableEndpoint string
param deploymentContainerName string
param appInsightsConnectionString string
param keyVaultUri string
param slackSecretsInKeyVault bool
param policyFilePath string
param httpAlwaysReady int
param maximumInstanceCount int

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: 'plan-${name}'
  location: location
  tags: tags
  kind: 'functionapp'
  sku: { tier: 'FlexConsumption', name: 'FC1' }
  properties: { reserved: true }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    siteConfig: { minTlsVersion: '1.2' }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${blobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: 2048
        alwaysReady: httpAlwaysReady > 0 ? [{ name: 'http', instanceCount: httpAlwaysReady }] : []
      }
      runtime: { name: 'node', version: '22' }
    }
  }
}

var hostSettings = {
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  AzureWebJobsStorage__blobServiceUri: blobEndpoint
  AzureWebJobsStorage__queueServiceUri: queueEndpoint
  AzureWebJobsStorage__tableServiceUri: tableEndpoint
  APPLICATIONINSIGHTS_CONNECTION_STRING: appInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
  AZURE_CLIENT_ID: identityClientId
  GPU_WARDEN_CONFIG: policyFilePath
}

// Only once the secrets exist: an unresolved Key Vault reference would leave its own text as the
// setting's value, and that text is not a secret.
var slackReferences = {
  SLACK_SIGNING_SECRET: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/slack-signing-secret)'
  SLACK_BOT_TOKEN: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/slack-bot-token)'
}

resource settings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'appsettings'
  properties: union(hostSettings, slackSecretsInKeyVault ? slackReferences : {})
}

output name string = site.name
output defaultHostName string = site.properties.defaultHostName
