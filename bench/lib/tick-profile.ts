/**
 * @module Where a tick's time goes, measured from outside `runTick`: its dependencies wrapped so
 * every call is timed (discovery, cluster start/stop, pool scaling, the snapshot, audit, Slack)
 * and every store call counted. Phases are spans from the first call's start to the last call's
 * end, in seconds from the tick's start; store calls are counted by table and method.
 */
import { performance } from "node:perf_hooks";
import type { TickDeps } from "../../src/app/tick.js";
import type { StateStore } from "../../src/ports/state-store.js";

export interface Span {
  readonly calls: number;
  readonly from: number;
  readonly to: number;
}

export interface Profile {
  readonly phases: Readonly<Record<string, Span>>;
  readonly storeCalls: Readonly<Record<string, number>>;
}

export interface Profiler {
  readonly deps: TickDeps;
  /** Marks the tick's start; spans are relative to it. */
  start(): void;
  profile(): Profile;
}

type AnyFn = (...args: unknown[]) => unknown;

export function profiled(inner: TickDeps): Profiler {
  let t0 = performance.now();
  const phases = new Map<string, { calls: number; from: number; to: number }>();
  const storeCalls = new Map<string, number>();
  const timed =
    <A extends unknown[], R>(phase: string, fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const from = (performance.now() - t0) / 1000;
      try {
        return await fn(...args);
      } finally {
        const to = (performance.now() - t0) / 1000;
        const span = phases.get(phase) ?? { calls: 0, from, to };
        phases.set(phase, {
          calls: span.calls + 1,
          from: Math.min(span.from, from),
          to: Math.max(span.to, to),
        });
      }
    };
  const counted = <T extends object>(name: string, target: T): T =>
    new Proxy(target, {
      get(obj, prop, receiver) {
        const value: unknown = Reflect.get(obj, prop, receiver);
        if (typeof value !== "function") return value;
        const key = `${name}.${String(prop)}`;
        return (...args: unknown[]) => {
          storeCalls.set(key, (storeCalls.get(key) ?? 0) + 1);
          const call = (...a: unknown[]) => Promise.resolve((value as AnyFn).apply(obj, a));
          return timed(`store ${key}`, call)(...args);
        };
      },
    });
  const store = Object.fromEntries(
    Object.entries(inner.store).map(([name, table]) => [name, counted(name, table as object)]),
  ) as unknown as StateStore;
  const deps: TickDeps = {
    ...inner,
    store,
    fleet: {
      discover: timed("discovery (Resource Graph)", inner.fleet.discover.bind(inner.fleet)),
    },
    control: {
      start: timed("cluster start/stop", inner.control.start.bind(inner.control)),
      stop: timed("cluster start/stop", inner.control.stop.bind(inner.control)),
    },
    ...(inner.idle
      ? {
          idle: {
            ...inner.idle,
            pools: {
              scalePool: timed("pool scale", inner.idle.pools.scalePool.bind(inner.idle.pools)),
            },
          },
        }
      : {}),
    ...(inner.metrics
      ? {
          metrics: {
            ...inner.metrics,
            source: {
              poolUtilization: timed(
                "metrics query",
                inner.metrics.source.poolUtilization.bind(inner.metrics.source),
              ),
            },
          },
        }
      : {}),
    ...(inner.saveSnapshot ? { saveSnapshot: timed("fleet snapshot", inner.saveSnapshot) } : {}),
    ...(inner.notify
      ? {
          notify: {
            ...inner.notify,
            store,
            slack: {
              ...inner.notify.slack,
              post: timed("Slack", inner.notify.slack.post.bind(inner.notify.slack)),
            },
          },
        }
      : {}),
  };
  return {
    deps,
    start: () => {
      t0 = performance.now();
      phases.clear();
      storeCalls.clear();
    },
    profile: () => ({
      phases: Object.fromEntries(phases),
      storeCalls: Object.fromEntries([...storeCalls].sort((a, b) => b[1] - a[1])),
    }),
  };
}
