/**
 * @module The local host behind `gpu-warden serve` (SPEC §12): the HTTP functions, the `tick`,
 * `budgets` and `reports` timers and the `operations` queue worker in one process, each calling the handler factory the
 * Functions host calls (warmup first), on one runtime and one clock (real time, or the emulator's virtual clock).
 * It adapts triggers to handlers and nothing else. `stop()` stops all of it.
 */
import type { HttpHandler } from "@azure/functions";
import { slackDepsOf, type Runtime } from "../composition.js";
import { invocationContext, type HostLog } from "./host-context.js";
import { loadHandlerFactories } from "./host-functions.js";
import { startHttpHost, type HttpRoute } from "./host-http.js";
import { startQueueWorker, type QueueSource, type QueueWorkerOptions } from "./host-queue.js";
import { startTimer, TICK_EVERY_MINUTES, type HostClock } from "./host-timer.js";

export { TICK_EVERY_MINUTES, type HostClock } from "./host-timer.js";
export type { HostLog } from "./host-context.js";

export interface HostOptions {
  readonly runtime: Runtime;
  /** Where the worker reads operations: the queue the runtime sends to. */
  readonly queue: QueueSource;
  readonly clock: HostClock;
  readonly log: HostLog;
  /** Default 127.0.0.1. */
  readonly hostname?: string;
  /** Default 7071; 0 = a free port. */
  readonly port?: number;
  /** Worker tuning (tests); defaults as host.json. */
  readonly worker?: Pick<
    QueueWorkerOptions,
    "pollMs" | "batchSize" | "visibilitySeconds" | "maxDequeueCount"
  >;
}

export interface HostRoute {
  readonly method: string;
  readonly path: string;
  readonly functionName: string;
}

export interface Host {
  readonly url: string;
  readonly port: number;
  readonly routes: readonly HostRoute[];
  /** The clock instant of the next tick. */
  nextTick(): Date;
  /** Stops the server, the timer and the worker; waits for invocations in progress. */
  stop(): Promise<void>;
}

export async function startHost(options: HostOptions): Promise<Host> {
  const fns = await loadHandlerFactories();
  const rt = options.runtime;
  const runtime = () => Promise.resolve(rt);
  const clock = () => options.clock.now();
  // The Slack caches (fleet snapshot, user groups) age on the same clock as everything else.
  const slackDeps = slackDepsOf(rt, () => options.clock.now().getTime());
  const deps = () => Promise.resolve(slackDeps);
  // A new instance: warm the Slack caches before taking requests, as Azure's warmup trigger does.
  await fns.warmup(deps)(undefined, invocationContext("warmup", options.log));
  const routes: HttpRoute[] = [
    route("POST", "/api/slack/command", "slack-command", fns.slackCommand(deps, clock)),
    route("POST", "/api/slack/interaction", "slack-interaction", fns.slackInteraction(deps, clock)),
    route("GET", "/api/health", "health", fns.health(runtime)),
    ...(rt.costs
      ? [route("POST", "/api/budget-alert", "budget-alert", fns.budgetAlert(runtime, clock))]
      : []),
  ];
  const http = await startHttpHost(routes, {
    hostname: options.hostname ?? "127.0.0.1",
    port: options.port ?? 7071,
    log: options.log,
  });
  const tick = fns.tick(runtime, clock);
  const timer = startTimer({
    name: "tick",
    everyMinutes: TICK_EVERY_MINUTES,
    clock: options.clock,
    log: options.log,
    run: (info) => tick(info, invocationContext("tick", options.log)),
  });
  const budgets = fns.budgets(runtime, clock);
  const budgetTimer = rt.costs
    ? startTimer({
        name: "budgets",
        everyMinutes: 60,
        offsetMinutes: 15,
        clock: options.clock,
        log: options.log,
        run: (info) => budgets(info, invocationContext("budgets", options.log)),
      })
    : undefined;
  const reports = fns.reports(runtime, clock);
  const reportTimer = rt.costs?.rows
    ? startTimer({
        name: "reports",
        everyMinutes: 60,
        clock: options.clock,
        log: options.log,
        run: (info) => reports(info, invocationContext("reports", options.log)),
      })
    : undefined;
  const operations = fns.operations(runtime, clock);
  const worker = startQueueWorker({
    ...options.worker,
    name: "operations",
    queue: options.queue,
    log: options.log,
    handle: (body) => operations(body, invocationContext("operations", options.log)),
  });
  return {
    url: http.url,
    port: http.port,
    routes: routes.map(({ method, path, functionName }) => ({ method, path, functionName })),
    nextTick: () => timer.next(),
    stop: async () => {
      await http.close();
      await Promise.all([timer.stop(), budgetTimer?.stop(), reportTimer?.stop(), worker.stop()]);
    },
  };
}

function route(
  method: HttpRoute["method"],
  path: string,
  functionName: string,
  handler: HttpHandler,
): HttpRoute {
  return { method, path, functionName, handler };
}
