/**
 * @module The chaos runner's helpers: a simulated app process (its ports behind a kill switch,
 * its ARM controls able to crash), the per-tick checks that need the store, what the emulator
 * shows, Slack failure modes, and which tick failures are expected under faults.
 */
import { snapshotSaver } from "../../src/app/snapshot.js";
import type { TickReport } from "../../src/app/tick.js";
import type { Runtime } from "../../src/composition.js";
import type { ResolvedPolicy } from "../../src/config/policy.js";
import { toTickPolicy } from "../../src/config/tick-policy.js";
import { ArmError } from "../../src/ports/azure.js";
import { isStoreError, type StateStore } from "../../src/ports/state-store.js";
import type { RestoreRecord } from "../../src/ports/state-types.js";
import { createTableStore } from "../../src/storage/table-store.js";
import type { ChaosWorld } from "./generate.js";
import { everyActionRecorded, restoresKept } from "./invariants.js";
import {
  crashingControl,
  crashingPools,
  killable,
  KillSwitch,
  type CrashPlan,
} from "./killable.js";
import type { ChaosStack } from "./stack.js";

export interface Process {
  readonly sw: KillSwitch;
  readonly store: StateStore;
  readonly raw: StateStore;
  readonly rt: Runtime;
}

/** A new app process on the shared runtime: this seed's policy, its tables, crashable controls. */
export async function startProcess(
  stack: ChaosStack,
  prefix: string,
  policy: ResolvedPolicy,
  plan: CrashPlan,
): Promise<Process> {
  const sw = new KillSwitch();
  const raw = await createTableStore({
    connectionString: stack.connectionString(),
    tablePrefix: prefix,
    maxRetries: 0,
  });
  const store = killable(raw, sw);
  const base = stack.runtime;
  const rt: Runtime = {
    ...base,
    policy,
    tickPolicy: toTickPolicy(policy),
    store,
    saveSnapshot: snapshotSaver(store),
    control: killable(crashingControl(base.control, plan, sw), sw),
    ...(base.pools ? { pools: killable(crashingPools(base.pools, plan, sw), sw) } : {}),
    slack: killable(base.slack, sw),
  };
  return { sw, store, raw, rt };
}

export async function checkTick(
  report: TickReport,
  store: StateStore,
  world: ChaosWorld,
  before: readonly RestoreRecord[] | undefined,
  note: (violations: readonly string[]) => void,
): Promise<void> {
  const at = report.plan.at;
  const audit = await store.audit.list({
    from: at,
    to: new Date(Date.parse(at) + 1000).toISOString(),
  });
  note(everyActionRecorded(report, audit));
  if (before)
    note(restoresKept(world.fleet, report.discovery.clusters, before, await records(store)));
}

export async function records(store: StateStore): Promise<RestoreRecord[]> {
  return (await store.restores.list()).map((e) => e.value);
}

/** Where each cluster is going: an operation in flight counts as its outcome. */
export function headings(stack: ChaosStack): Map<string, string> {
  const heading = (power: string, provisioning: string): string => {
    if (provisioning === "Starting") return "Running";
    if (provisioning === "Stopping") return "Stopped";
    return power;
  };
  return new Map(
    stack.emulator.clusters().map((c) => [c.name, heading(c.powerState, c.provisioningState)]),
  );
}

/** Names of the clusters with a pending operation (on the cluster or one of its pools). */
export async function pendingClusters(store: StateStore): Promise<Set<string>> {
  const states = await store.clusters.list();
  const busy = states.filter(
    (s) => s.value.pending || Object.values(s.value.pools ?? {}).some((p) => p.pending),
  );
  return new Set(busy.map((s) => s.value.clusterId.split("/").pop() ?? ""));
}

export function failSlack(stack: ChaosStack, failure: ChaosWorld["slack"]): void {
  const { emulator } = stack;
  switch (failure) {
    case "none":
      return;
    case "invalid-auth":
      emulator.slack.configure({ botToken: "xoxb-someone-else" });
      return;
    case "rate-limited":
      emulator.faults.add({
        path: "/slack/**",
        status: 429,
        retryAfterSeconds: 30,
        probability: 0.6,
      });
      return;
    case "unavailable":
      emulator.faults.add({ path: "/slack/**", status: 503, times: 2 });
      return;
  }
}

/** A tick may fail when discovery is throttled or unreachable, or when storage is down. */
export function expectedFailure(error: unknown, storageDown: boolean): boolean {
  if (storageDown && isStoreError(error, "StoreUnavailable")) return true;
  return (
    error instanceof ArmError &&
    (error.code === "Throttled" || error.code === "Transient") &&
    error.message.startsWith("Resource Graph discovery: ")
  );
}

export function describeError(error: unknown): string {
  if (error instanceof ArmError || isStoreError(error))
    return `${error.name} ${error.code}: ${error.message}`;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
