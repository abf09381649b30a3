// Monitoring Data Reader on the Azure Monitor workspace (managed Prometheus) that holds the GPU
// utilization metrics: query access to that workspace's data, nothing else.
param principalId string
param workspaceName string

var monitoringDataReader = 'b0d8363b-8ddd-447d-831f-62ca05bff136'

resource workspace 'Microsoft.Monitor/accounts@2023-04-03' existing = {
  name: workspaceName
}

resource reader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(workspace.id, principalId, monitoringDataReader)
  scope: workspace
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringDataReader)
  }
}
