// The custom least-privilege role: exactly the ARM operations the app performs, as registered by
// the Azure adapters in src/azure/operations.ts (test/infra/role.test.ts compares the two lists:
// add an operation there and here together). No wildcard, no write beyond what is listed.
targetScope = 'subscription'

param environmentName string
@description('Scopes the role may be assigned at: the managed subscriptions and resource groups')
param assignableScopes array

resource role 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(subscription().id, 'gpu-warden-operator', environmentName)
  properties: {
    roleName: 'gpu-warden operator (${environmentName})'
    description: 'What gpu-warden does to AKS clusters: discover them, start and stop them, scale their GPU node pools, follow the operations.'
    type: 'CustomRole'
    permissions: [
      {
        actions: [
          'Microsoft.ContainerService/locations/operationresults/read'
          'Microsoft.ContainerService/locations/operations/read'
          'Microsoft.ContainerService/managedClusters/agentPools/read'
          'Microsoft.ContainerService/managedClusters/agentPools/write'
          'Microsoft.ContainerService/managedClusters/read'
          'Microsoft.ContainerService/managedClusters/start/action'
          'Microsoft.ContainerService/managedClusters/stop/action'
          'Microsoft.ResourceGraph/resources/read'
        ]
        notActions: []
        dataActions: []
        notDataActions: []
      }
    ]
    assignableScopes: assignableScopes
  }
}

output roleId string = role.name
