// The app's resource group: identity, host storage, monitoring, Key Vault, the Flex Consumption
// function app, and the roles its identity needs on them.
param location string
param tags object
@description('Suffix that makes the global names unique')
param token string
param policyFilePath string
param slackSecretsInKeyVault bool
param principalId string
param httpAlwaysReady int
param maximumInstanceCount int

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-gpu-warden-${token}'
  location: location
  tags: tags
}

module storage 'storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    tags: tags
    name: 'stgw${token}'
  }
}

module monitoring 'monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    tags: tags
    token: token
  }
}

module vault 'keyvault.bicep' = {
  name: 'keyvault'
  params: {
    location: location
    tags: tags
    name: 'kv-gw-${token}'
  }
}

module hostRoles 'host-roles.bicep' = {
  name: 'host-roles'
  params: {
    principalId: identity.properties.principalId
    storageAccountName: storage.outputs.name
    appInsightsName: monitoring.outputs.appInsightsName
    keyVaultName: vault.outputs.name
    deployerPrincipalId: principalId
  }
}

module functionApp 'function-app.bicep' = {
  name: 'function-app'
  dependsOn: [hostRoles]
  params: {
    location: location
    tags: tags
    name: 'func-gpu-warden-${token}'
    identityId: identity.id
    identityClientId: identity.properties.clientId
    blobEndpoint: storage.outputs.blobEndpoint
    queueEndpoint: storage.outputs.queueEndpoint
    tableEndpoint: storage.outputs.tableEndpoint
    deploymentContainerName: storage.outputs.deploymentContainerName
    appInsightsConnectionString: monitoring.outputs.connectionString
    keyVaultUri: vault.outputs.uri
    slackSecretsInKeyVault: slackSecretsInKeyVault
    policyFilePath: policyFilePath
    httpAlwaysReady: httpAlwaysReady
    maximumInstanceCount: maximumInstanceCount
  }
}

output identityPrincipalId string = identity.properties.principalId
output identityClientId string = identity.properties.clientId
output functionAppName string = functionApp.outputs.name
output defaultHostName string = functionApp.outputs.defaultHostName
output keyVaultName string = vault.outputs.name
output storageAccountName string = storage.outputs.name
output appInsightsName string = monitoring.outputs.appInsightsName
