/**
 * @module "The app killed between steps", in-process: every port of one simulated process (state
 * store, ARM controls, Slack) goes through a {@link KillSwitch}; once it is thrown, every further
 * call on any of them never returns — the process is gone, whatever it was about to do next (write
 * a result, settle memory, append the audit) does not happen. A crashing control throws the switch
 * right before an ARM call (the pending operation / restore record is written, the call never
 * made) or right after ARM accepted it (the call made, nothing recorded after it).
 */
import type { ClusterRef, PoolSize } from "../../src/core/plan/types.js";
import type { ClusterControl, PoolControl } from "../../src/ports/azure.js";

export class KillSwitch {
  #dead = false;
  #onKill: (() => void)[] = [];
  readonly killed: Promise<void>;

  constructor() {
    this.killed = new Promise((resolve) => this.#onKill.push(resolve));
  }

  get dead(): boolean {
    return this.#dead;
  }

  kill(): void {
    if (this.#dead) return;
    this.#dead = true;
    for (const fn of this.#onKill) fn();
  }
}

const never = (): Promise<never> => new Promise<never>(() => undefined);

/** `target` and every object reachable through its properties, behind the switch. */
export function killable<T extends object>(target: T, sw: KillSwitch): T {
  const wrapped = new WeakMap<object, unknown>();
  const wrap = <U extends object>(object: U): U => {
    const known = wrapped.get(object);
    if (known !== undefined) return known as U;
    const proxy = new Proxy(object, {
      get(t, property) {
        const value: unknown = Reflect.get(t, property, t);
        if (typeof value === "function") {
          return (...args: unknown[]): unknown =>
            sw.dead ? never() : (value as (...a: unknown[]) => unknown).apply(t, args);
        }
        return typeof value === "object" && value !== null ? wrap(value) : value;
      },
    });
    wrapped.set(object, proxy);
    return proxy;
  };
  return wrap(target);
}

export type CrashMode = "before-call" | "after-call";

/** Where the next write call should crash the process; `undefined` = do not crash. */
export interface CrashPlan {
  mode: CrashMode | undefined;
  /** The calls crashed on: target (cluster id, or `id/pool`), whether ARM got it, and when. */
  readonly crashed: { readonly target: string; readonly mode: CrashMode; readonly at: string }[];
  /** The virtual instant, as an ISO string. */
  readonly now: () => string;
  /** Called instead of crashing, once, before the next write call (Azurite taken down). */
  beforeNextCall: (() => Promise<void>) | undefined;
}

async function intercept(
  plan: CrashPlan,
  sw: KillSwitch,
  target: string,
  call: () => Promise<void>,
): Promise<void> {
  const hook = plan.beforeNextCall;
  if (hook) {
    plan.beforeNextCall = undefined;
    await hook();
  }
  const mode = plan.mode;
  if (mode === undefined) return call();
  const at = plan.now();
  if (mode === "before-call") {
    plan.mode = undefined;
    plan.crashed.push({ target, mode, at });
    sw.kill();
    return never();
  }
  await call(); // a refusal propagates as usual; the crash waits for an accepted call
  plan.mode = undefined;
  plan.crashed.push({ target, mode, at });
  sw.kill();
  return never();
}

export function crashingControl(
  c: ClusterControl,
  plan: CrashPlan,
  sw: KillSwitch,
): ClusterControl {
  return {
    start: (cluster: ClusterRef) => intercept(plan, sw, cluster.id, () => c.start(cluster)),
    stop: (cluster: ClusterRef) => intercept(plan, sw, cluster.id, () => c.stop(cluster)),
  };
}

export function crashingPools(p: PoolControl, plan: CrashPlan, sw: KillSwitch): PoolControl {
  return {
    scalePool: (cluster: ClusterRef, pool: string, size: PoolSize) =>
      intercept(plan, sw, `${cluster.id}/${pool}`, () => p.scalePool(cluster, pool, size)),
  };
}
