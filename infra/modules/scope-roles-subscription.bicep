// At one managed subscription: the custom role (start/stop its clusters) and Cost Management
// Reader (its costs and budgets) for the app's identity.
targetScope = 'subscription'

param principalId string
@description('Name (GUID) of the custom role from warden-role.bicep')
param wardenRoleId string

var costManagementReader = '72fafb9e-0641-4937-9268-a91bfd8191a3'

resource warden 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(subscription().id, principalId, wardenRoleId)
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', wardenRoleId)
  }
}

resource costs 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(subscription().id, principalId, costManagementReader)
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', costManagementReader)
  }
}
