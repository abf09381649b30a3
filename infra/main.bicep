// gpu-warden: everything `azd up` deploys (docs/deploy.md).
// Subscription scope: the resource group, the custom role and the role assignments at the managed
// subscriptions and resource groups are created from here.
targetScope = 'subscription'

@minLength(1)
@maxLength(40)
@description('azd environment name; names and tags every resource')
param environmentName string

@minLength(1)
@description('Azure region of the resource group and its resources (Flex Consumption must be available there)')
param location string

@description('Resource group to create or reuse (default rg-<environmentName>)')
param resourceGroupName string = ''

@description('Subscriptions whose clusters gpu-warden manages: ids separated by commas. Empty, with no resource groups either: the deployment subscription')
param managedSubscriptions string = ''

@description('Resource groups whose clusters gpu-warden manages: resource ids (/subscriptions/<id>/resourceGroups/<name>) separated by commas')
param managedResourceGroups string = ''

@description('Resource id of the Azure Monitor workspace holding the GPU metrics (managed Prometheus); empty: no metrics access')
param monitorWorkspaceId string = ''

@description('Path of the policy file inside the deployed package (app setting GPU_WARDEN_CONFIG)')
param policyFilePath string = '/home/site/wwwroot/gpu-warden.yaml'

@description('True once the secrets slack-signing-secret and slack-bot-token are in the Key Vault: the app settings then reference them')
param slackSecretsInKeyVault bool = false

@description('Object id of the user running azd (may write the Slack secrets into the Key Vault); empty: none')
param principalId string = ''

@description('Always-ready instances for the HTTP functions (Slack answers without a cold start); 0 scales to zero')
@minValue(0)
param httpAlwaysReady int = 0

@description('Most instances the app may scale out to')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

var tags = { 'azd-env-name': environmentName, app: 'gpu-warden' }
var token = toLower(uniqueString(subscription().id, environmentName, location))

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: empty(resourceGroupName) ? 'rg-${environmentName}' : resourceGroupName
  location: location
  tags: tags
}

module app 'modules/app.bicep' = {
  name: 'gpu-warden-app'
  scope: rg
  params: {
    location: location
    tags: tags
    token: token
    policyFilePath: policyFilePath
    slackSecretsInKeyVault: slackSecretsInKeyVault
    principalId: principalId
    httpAlwaysReady: httpAlwaysReady
    maximumInstanceCount: maximumInstanceCount
  }
}

var subscriptionList = filter(map(split(managedSubscriptions, ','), s => trim(s)), s => !empty(s))
var managedResourceGroupIds = filter(map(split(managedResourceGroups, ','), s => trim(s)), s => !empty(s))
var onlyResourceGroups = !empty(managedResourceGroupIds)
var managedSubscriptionIds = empty(subscriptionList) && !onlyResourceGroups ? [subscription().subscriptionId] : subscriptionList
var managedSubscriptionScopes = map(managedSubscriptionIds, id => '/subscriptions/${id}')

module role 'modules/warden-role.bicep' = {
  name: 'gpu-warden-role'
  params: {
    environmentName: environmentName
    assignableScopes: union([subscription().id], managedSubscriptionScopes, managedResourceGroupIds)
  }
}

module subscriptionRoles 'modules/scope-roles-subscription.bicep' = [
  for id in managedSubscriptionIds: {
    name: 'gpu-warden-roles-${uniqueString(id)}'
    scope: subscription(id)
    params: {
      principalId: app.outputs.identityPrincipalId
      wardenRoleId: role.outputs.roleId
    }
  }
]

module resourceGroupRoles 'modules/scope-roles-resource-group.bicep' = [
  for id in managedResourceGroupIds: {
    name: 'gpu-warden-roles-${uniqueString(id)}'
    scope: resourceGroup(split(id, '/')[2], split(id, '/')[4])
    params: {
      principalId: app.outputs.identityPrincipalId
      wardenRoleId: role.outputs.roleId
    }
  }
]

module monitorReader 'modules/monitor-reader.bicep' = if (!empty(monitorWorkspaceId)) {
  name: 'gpu-warden-monitor-reader'
  scope: resourceGroup(split(monitorWorkspaceId, '/')[2], split(monitorWorkspaceId, '/')[4])
  params: {
    principalId: app.outputs.identityPrincipalId
    workspaceName: last(split(monitorWorkspaceId, '/'))
  }
}

output AZURE_LOCATION string = location
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = app.outputs.functionAppName
output AZURE_KEY_VAULT_NAME string = app.outputs.keyVaultName
output GPU_WARDEN_IDENTITY_CLIENT_ID string = app.outputs.identityClientId
output AZURE_STORAGE_ACCOUNT_NAME string = app.outputs.storageAccountName
output AZURE_APP_INSIGHTS_NAME string = app.outputs.appInsightsName
output SLACK_COMMAND_URL string = 'https://${app.outputs.defaultHostName}/api/slack/command'
output SLACK_INTERACTION_URL string = 'https://${app.outputs.defaultHostName}/api/slack/interaction'
output GPU_WARDEN_ROLE_ID string = role.outputs.roleId
