/**
 * @module The registry of ARM operations (RBAC actions) the app performs: one entry per Azure
 * adapter, each the `ARM_OPERATIONS` list that adapter exports beside its code. The custom role
 * in `infra/modules/warden-role.bicep` must grant exactly their union — no more, no less, no
 * wildcard — and `test/infra/role.test.ts` holds it to that.
 *
 * A new adapter (agent pools, Cost Management, budgets, Prometheus …) exports its own
 * `ARM_OPERATIONS` and adds one line below. Operations granted by a built-in role instead of the
 * custom one (Cost Management Reader, Monitoring Data Reader) go in {@link BUILT_IN_ROLE_OPERATIONS}.
 */
import { ARM_OPERATIONS as BUDGETS } from "./budgets.js";
import { ARM_OPERATIONS as CONTROL } from "./control.js";
import { ARM_OPERATIONS as COSTS } from "./costs.js";
import { ARM_OPERATIONS as DISCOVERY } from "./discovery.js";
import { ARM_OPERATIONS as POOL_CONTROL } from "./pool-control.js";
import { ARM_OPERATIONS as RESERVATION_RECOMMENDATIONS } from "./reservation-recommendations.js";
import { DATA_ACTIONS as PROMETHEUS } from "./prometheus.js";

/** An RBAC action: `<Provider>/<resource type path>/<read|write|delete|action>`, no wildcard. */
export type ArmOperation = `Microsoft.${string}/${string}`;

/** Adapter module → the operations it performs (granted by the custom role). */
export const ADAPTER_OPERATIONS: Readonly<Record<string, readonly ArmOperation[]>> = {
  "src/azure/discovery.ts": DISCOVERY,
  "src/azure/control.ts": CONTROL,
  "src/azure/pool-control.ts": POOL_CONTROL,
};

/**
 * Adapter module → operations granted by a built-in role assigned in infra/ (not the custom
 * role), with the role that grants them.
 */
export const BUILT_IN_ROLE_OPERATIONS: Readonly<
  Record<string, { readonly role: BuiltInRole; readonly operations: readonly ArmOperation[] }>
> = {
  "src/azure/prometheus.ts": { role: "Monitoring Data Reader", operations: PROMETHEUS },
  "src/azure/costs.ts": { role: "Cost Management Reader", operations: COSTS },
  "src/azure/budgets.ts": { role: "Cost Management Reader", operations: BUDGETS },
  "src/azure/reservation-recommendations.ts": {
    role: "Cost Management Reader",
    operations: RESERVATION_RECOMMENDATIONS,
  },
};

/** The built-in roles infra/ assigns to the app's identity for reading costs and metrics. */
export type BuiltInRole = "Cost Management Reader" | "Monitoring Data Reader";

/** The union of the custom role's operations, sorted, without duplicates (case-insensitive). */
export function customRoleOperations(
  registry: Readonly<Record<string, readonly string[]>> = ADAPTER_OPERATIONS,
): string[] {
  const byKey = new Map<string, string>();
  for (const operation of Object.values(registry).flat()) {
    byKey.set(operation.toLowerCase(), operation);
  }
  return [...byKey.values()].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
}
