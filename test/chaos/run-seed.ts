/**
 * @module One chaos seed, end to end: the world run once without faults (the reference), then
 * again under its faults and events, ticking every 5 virtual minutes with the invariants checked
 * after every tick; once the faults stop, three clean ticks must bring every cluster to where the
 * reference run has it — or to a failure the audit reports, for a call AKS refused three times;
 * a call lost by a crash must get there three ticks after its 30-minute window closes.
 */
import { runTick } from "../../src/app/tick.js";
import { tickDepsOf } from "../../src/composition.js";
import { loadPolicy, type ResolvedPolicy } from "../../src/config/policy.js";
import type { AuditEntry } from "../../src/ports/state-types.js";
import { chaosWorld, TICK_MINUTES, type ChaosWorld } from "./generate.js";
import { noDoubleCalls, untouched, writesOf } from "./invariants.js";
import type { CrashPlan } from "./killable.js";
import { BOT_TOKEN, type ChaosStack } from "./stack.js";
import {
  checkTick,
  describeError,
  expectedFailure,
  failSlack,
  headings,
  pendingClusters,
  records,
  startProcess,
  type Process,
} from "./support.js";

export interface SeedResult {
  readonly seed: number;
  readonly violations: readonly string[];
  /**
   * Clusters that converged only once the 30-minute confirmation window of an operation pending
   * when the faults stopped had closed: a call lost between its write-ahead and ARM's answer
   * (the app killed, storage down) is known only when that window closes (SPEC §5.9).
   */
  readonly late: readonly string[];
  readonly ticks: number;
  readonly failedTicks: number;
  readonly kills: number;
  readonly storageOutages: number;
  readonly faulted: number;
}

let runs = 0;

export async function runSeed(stack: ChaosStack, seed: number): Promise<SeedResult> {
  const world = chaosWorld(seed);
  const parsed = loadPolicy(world.policy);
  if (!parsed.ok) {
    const problems = JSON.stringify(parsed.error);
    const violations = [`generated policy is invalid: ${problems}`];
    return {
      seed,
      violations,
      late: [],
      ticks: 0,
      failedTicks: 0,
      kills: 0,
      storageOutages: 0,
      faulted: 0,
    };
  }
  const reference = await runWorld(stack, world, parsed.value, false);
  const faulty = await runWorld(stack, world, parsed.value, true);
  const violations = [...faulty.violations];
  const late: string[] = [];
  for (const [name, want] of reference.final) {
    if (faulty.final.get(name) === want) continue;
    const mine = (e: AuditEntry): boolean => e.kind === "result" && e.target.endsWith(`/${name}`);
    // A call AKS refused 3 times in a row fails for good (SPEC §5.9); the audit says so.
    if (faulty.audit.some((e) => mine(e) && e.reason.startsWith("failed: OperationNotAllowed")))
      continue;
    // An operation whose 30-minute window was still open when the faults stopped, and that then
    // timed out: a call lost between its write-ahead and ARM's answer (the app killed, storage
    // down). It is planned again once the window closes (SPEC §5.9).
    const lost = faulty.audit.some(
      (e) =>
        mine(e) &&
        e.at >= faulty.faultsStopped &&
        e.reason.includes("not confirmed within 30 minutes"),
    );
    const got = lost ? faulty.late.get(name) : faulty.final.get(name);
    const when = lost
      ? "3 ticks after its pending operation's 30-minute window closed"
      : "3 ticks after the faults stopped";
    if (got === want) late.push(name);
    else
      violations.push(
        `not converged ${when}: ${name} is ${String(got)}, the fault-free run has it ${want}`,
      );
  }
  return { ...faulty.stats, seed, violations, late };
}

interface WorldRun {
  /** Where each cluster is heading 3 ticks after the faults stopped. */
  readonly final: ReadonlyMap<string, string>;
  readonly faultsStopped: string;
  /** Where each cluster heads once no operation has been pending for 3 ticks. */
  readonly late: ReadonlyMap<string, string>;
  readonly violations: string[];
  readonly audit: readonly AuditEntry[];
  readonly stats: Omit<SeedResult, "seed" | "violations" | "late">;
}

async function runWorld(
  stack: ChaosStack,
  world: ChaosWorld,
  policy: ResolvedPolicy,
  faulty: boolean,
): Promise<WorldRun> {
  const { emulator } = stack;
  emulator.faults.clear();
  emulator.loadFleet(world.fleet);
  emulator.requests.clear();
  emulator.slack.clear();
  emulator.slack.configure({ botToken: BOT_TOKEN });
  runs += 1;
  const prefix = `chaos${String(process.pid)}r${String(runs)}`;
  const plan: CrashPlan = {
    mode: undefined,
    crashed: [],
    beforeNextCall: undefined,
    now: () => emulator.clock.now().toISOString(),
  };
  const start = (): Promise<Process> => startProcess(stack, prefix, policy, plan);
  let proc = await start();
  let storageDown = false;
  const violations: string[] = [];
  const stats = { ticks: 0, failedTicks: 0, kills: 0, storageOutages: 0, faulted: 0 };
  let final = new Map<string, string>();
  let quiet = 0;
  let faultsStopped = "";
  const note = (at: string, list: readonly string[]): void => {
    for (const v of list) violations.push(`${at}: ${v}`);
  };
  let seen = 0;
  const total = world.faultyTicks + 3;
  for (let i = 0; ; i += 1) {
    if (i === total) final = headings(stack);
    // Past the 3 clean ticks, while an operation was pending then: on until none has been for 3
    // ticks (a lost call times out after 30 minutes; its edge is then planned again).
    if (i >= total) {
      if (!faulty || i >= total + 16) break;
      if ((await pendingClusters(proc.raw)).size > 0) quiet = 0;
      else if (++quiet > 3) break;
    }
    const at = emulator.clock.now().toISOString();
    if (faulty && i === 1) {
      // The first tick is clean: the app has seen every cluster once before anything fails (one
      // that first sees a cluster during its hours, stopped, leaves it stopped: SPEC §5.3).
      emulator.faults.setSeed(world.seed);
      for (const rule of world.faults) emulator.faults.add(rule);
      failSlack(stack, world.slack);
    }
    if (i === world.faultyTicks) {
      faultsStopped = emulator.clock.now().toISOString();
      stats.faulted = emulator.requests.list().filter((r) => r.answeredBy === "fault").length;
      emulator.faults.clear();
      emulator.slack.configure({ botToken: BOT_TOKEN });
      plan.mode = undefined;
      plan.beforeNextCall = undefined;
    }
    const event = faulty ? world.events.get(i) : undefined;
    if (event === "azurite-restart") {
      await stack.stopStorage();
      storageDown = true;
    }
    if (event === "kill-before-call") plan.mode = "before-call";
    if (event === "kill-after-call") plan.mode = "after-call";
    if (event === "storage-down") {
      plan.beforeNextCall = async () => {
        storageDown = true;
        await stack.stopStorage();
      };
    }
    const restoresBefore = storageDown ? undefined : await records(proc.raw);
    const outcome = await Promise.race([
      runTick(tickDepsOf(proc.rt), { now: emulator.clock.now(), apply: true }).then(
        (report) => ({ kind: "done", report }) as const,
        (error: unknown) => ({ kind: "failed", error }) as const,
      ),
      proc.sw.killed.then(() => ({ kind: "killed" }) as const),
    ]);
    stats.ticks += 1;
    let restart = outcome.kind === "killed";
    if (outcome.kind === "killed") {
      stats.kills += 1;
    } else if (outcome.kind === "failed") {
      stats.failedTicks += 1;
      if (!expectedFailure(outcome.error, storageDown) || i >= world.faultyTicks)
        note(at, [`tick failed: ${describeError(outcome.error)}`]);
    }
    if (storageDown) {
      stats.storageOutages += 1;
      proc.sw.kill(); // whatever the failed tick left in flight dies with its process
      await stack.startStorage();
      storageDown = false;
      restart = true;
    }
    if (restart) proc = await start();
    const log = emulator.requests.list({ since: seen });
    seen = log.at(-1)?.seq ?? seen;
    note(at, untouched(world.fleet, world.kinds, writesOf(log), emulator.clusters()));
    if (outcome.kind === "done")
      await checkTick(outcome.report, proc.raw, world, restoresBefore, (v) => {
        note(at, v);
      });
    emulator.clock.advance({ minutes: TICK_MINUTES });
  }
  note("end", noDoubleCalls(world.fleet, writesOf(emulator.requests.list())));
  const audit = await proc.raw.audit.list({ from: world.start, to: "2027-01-01T00:00:00Z" });
  plan.crashed.forEach(({ target, mode, at: after }) => {
    const cluster = target.split("/").slice(0, 9).join("/").toLowerCase();
    const settled = audit.some(
      (e) => e.kind === "result" && e.target.toLowerCase() === cluster && e.at > after,
    );
    if (!settled)
      note("end", [
        `the call crashed ${mode} on ${target} at ${after} never got a recorded result`,
      ]);
  });
  return { final, faultsStopped, late: headings(stack), violations, audit, stats };
}
