// Key Vault (RBAC authorization) for the Slack secrets: slack-signing-secret and slack-bot-token.
// The secrets are written by the operator (docs/deploy.md), never by this template, so a
// re-deployment never overwrites them and they never pass through deployment parameters.
param location string
param tags object
@maxLength(24)
param name string

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled'
  }
}

output name string = vault.name
output uri string = vault.properties.vaultUri
