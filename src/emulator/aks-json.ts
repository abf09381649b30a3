/**
 * @module ARM JSON of managed clusters and agent pools, shaped like the official AKS examples
 * (`azure-rest-examples/containerservice`): ids, `eTag`, `agentPoolProfiles`, `powerState`, and
 * the static profile blocks (network, linux, upgrade) a real cluster carries. Values that do not
 * matter to gpu-warden are plausible constants.
 */
import { clusterPath, poolPath, type ClusterState, type PoolState } from "./world.js";

const NODE_IMAGE = "AKSUbuntu-2204gen2containerd-202511.07.0";

/** The pool fields shared by `agentPoolProfiles[]` items and AgentPool `properties`. */
function poolProperties(c: ClusterState, p: PoolState): Record<string, unknown> {
  return {
    count: p.count,
    vmSize: p.vmSize,
    osDiskSizeGB: 128,
    osDiskType: "Managed",
    kubeletDiskType: "OS",
    maxPods: 110,
    type: "VirtualMachineScaleSets",
    availabilityZones: ["1", "2", "3"],
    mode: p.mode,
    osType: p.osType,
    osSKU: p.osType === "Linux" ? "Ubuntu" : "Windows2022",
    enableAutoScaling: p.enableAutoScaling,
    ...(p.enableAutoScaling ? { minCount: p.minCount ?? 0, maxCount: p.maxCount ?? 0 } : {}),
    scaleSetPriority: p.scaleSetPriority,
    ...(p.scaleSetPriority === "Spot"
      ? { scaleSetEvictionPolicy: "Delete", spotMaxPrice: -1 }
      : {}),
    nodeTaints: [...p.nodeTaints],
    nodeLabels: { ...p.nodeLabels },
    tags: { ...p.tags },
    powerState: { code: p.powerState },
    provisioningState: p.provisioningState,
    orchestratorVersion: p.orchestratorVersion,
    currentOrchestratorVersion: c.kubernetesVersion,
    nodeImageVersion: NODE_IMAGE,
    upgradeSettings: { maxSurge: "10%" },
    enableNodePublicIP: false,
    eTag: p.eTag,
  };
}

/** An `AgentPool` sub-resource (GET/PUT `…/agentPools/{name}`). */
export function agentPoolJson(c: ClusterState, p: PoolState): Record<string, unknown> {
  return {
    id: poolPath(c, p),
    name: p.name,
    type: "Microsoft.ContainerService/managedClusters/agentPools",
    properties: poolProperties(c, p),
  };
}

/** A `ManagedCluster` resource (GET/LIST). */
export function managedClusterJson(c: ClusterState): Record<string, unknown> {
  const id = clusterPath(c);
  const dnsPrefix = `${c.name}-dns`.slice(0, 54);
  const host = `${dnsPrefix}-${c.eTag.slice(0, 8)}.hcp.${c.location}.azmk8s.io`;
  return {
    id,
    location: c.location,
    name: c.name,
    type: "Microsoft.ContainerService/ManagedClusters",
    eTag: c.eTag,
    tags: { ...c.tags },
    sku: { name: "Base", tier: "Standard" },
    identity: {
      type: "SystemAssigned",
      principalId: c.eTag,
      tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47",
    },
    properties: managedClusterProperties(c, dnsPrefix, host),
  };
}

function managedClusterProperties(
  c: ClusterState,
  dnsPrefix: string,
  host: string,
): Record<string, unknown> {
  const mc = `/subscriptions/${c.subscriptionId}/resourceGroups/${c.nodeResourceGroup}/providers`;
  return {
    provisioningState: c.provisioningState,
    powerState: { code: c.powerState },
    kubernetesVersion: c.kubernetesVersion,
    currentKubernetesVersion: c.kubernetesVersion,
    dnsPrefix,
    fqdn: host,
    azurePortalFQDN: host.replace(".hcp.", ".portal.hcp."),
    agentPoolProfiles: c.pools.map((p) => ({ name: p.name, ...poolProperties(c, p) })),
    linuxProfile: {
      adminUsername: "azureuser",
      ssh: { publicKeys: [{ keyData: "ssh-rsa AAAAemulator" }] },
    },
    servicePrincipalProfile: { clientId: "msi" },
    nodeResourceGroup: c.nodeResourceGroup,
    enableRBAC: true,
    supportPlan: "KubernetesOfficial",
    maxAgentPools: 100,
    diskEncryptionSetID: `/subscriptions/${c.subscriptionId}/resourceGroups/${c.resourceGroup}/providers/Microsoft.Compute/diskEncryptionSets/${c.name}-des`,
    networkProfile: {
      networkPlugin: "azure",
      networkPluginMode: "overlay",
      loadBalancerSku: "standard",
      outboundType: "loadBalancer",
      podCidr: "10.244.0.0/16",
      podCidrs: ["10.244.0.0/16"],
      serviceCidr: "10.0.0.0/16",
      serviceCidrs: ["10.0.0.0/16"],
      dnsServiceIP: "10.0.0.10",
      ipFamilies: ["IPv4"],
      loadBalancerProfile: {
        allocatedOutboundPorts: 0,
        idleTimeoutInMinutes: 30,
        effectiveOutboundIPs: [
          { id: `${mc}/Microsoft.Network/publicIPAddresses/${c.name}-outbound` },
        ],
        outboundIPs: {
          publicIPs: [{ id: `${mc}/Microsoft.Network/publicIPAddresses/${c.name}-outbound` }],
        },
      },
    },
    upgradeSettings: { overrideSettings: { forceUpgrade: false, until: "2026-01-01T00:00:00Z" } },
  };
}
