/**
 * @module The fleet model (SPEC §2): what discovery observes about each AKS cluster and its pools.
 * Everything the planners need, nothing SDK-specific.
 */

export type PowerState = "Running" | "Stopped";
export type PoolMode = "System" | "User" | "Gateway";
export type ScaleSetPriority = "Regular" | "Spot";

export interface AgentPool {
  readonly name: string;
  readonly mode: PoolMode;
  readonly vmSize: string;
  readonly count: number;
  readonly enableAutoScaling: boolean;
  readonly minCount: number | null;
  readonly maxCount: number | null;
  readonly scaleSetPriority: ScaleSetPriority;
  readonly nodeTaints: readonly string[];
  readonly powerState: PowerState;
  readonly provisioningState: string;
}

export interface Cluster {
  /** ARM resource id as discovered; compare with {@link clusterKey}. */
  readonly id: string;
  readonly name: string;
  readonly resourceGroup: string;
  readonly subscriptionId: string;
  readonly location: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly powerState: PowerState;
  readonly provisioningState: string;
  readonly nodeResourceGroup: string;
  readonly pools: readonly AgentPool[];
}

/** ARM ids are case-insensitive: one key per cluster. */
export function clusterKey(id: string): string {
  return id.toLowerCase();
}

/** Provisioning states during which a cluster is left alone this tick (SPEC §5.4). */
export const TRANSITIONAL_STATES: ReadonlySet<string> = new Set([
  "starting",
  "stopping",
  "updating",
  "upgrading",
  "scaling",
  "deleting",
  "canceling",
  "creating",
]);

export function isTransitional(provisioningState: string): boolean {
  return TRANSITIONAL_STATES.has(provisioningState.toLowerCase());
}
