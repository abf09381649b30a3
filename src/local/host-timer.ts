/**
 * @module The local host's timer trigger: runs a handler at every multiple of `everyMinutes` of
 * the clock in use (real time, or the emulator's virtual clock at its speed), like the NCRONTAB
 * `0 *\/5 * * * *`. An invocation never overlaps the previous one: slots missed while it ran are
 * skipped (as the Functions host does for a singleton timer). No run on startup.
 */
import type { Timer } from "@azure/functions";
import type { HostLog } from "./host-context.js";

/** The `tick` function's period (SPEC §11). */
export const TICK_EVERY_MINUTES = 5;

export interface HostClock {
  now(): Date;
  /** Clock ms per real ms (1 = real time; 0 = a clock that only moves when told). */
  speed(): number;
}

export interface TimerOptions {
  readonly name: string;
  readonly everyMinutes: number;
  /** Minutes past each period's start (`0 15 * * * *` = every 60, offset 15); default 0. */
  readonly offsetMinutes?: number;
  readonly clock: HostClock;
  readonly log: HostLog;
  readonly run: (timer: Timer) => Promise<void>;
}

export interface RunningTimer {
  /** The clock instant of the next invocation. */
  next(): Date;
  /** No further invocations; resolves when the one in progress has finished. */
  stop(): Promise<void>;
}

/** Longest real wait between two looks at the clock (it may be set or sped up meanwhile). */
const MAX_WAIT_MS = 1_000;

export function startTimer(options: TimerOptions): RunningTimer {
  const period = options.everyMinutes * 60_000;
  const offset = (options.offsetMinutes ?? 0) * 60_000;
  const nextSlot = (after: number): number =>
    Math.floor((after - offset) / period) * period + period + offset;
  let due = nextSlot(options.clock.now().getTime());
  let last: number | undefined;
  let stopped = false;
  let pending: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  const look = (): void => {
    pending = undefined;
    if (stopped) return;
    const now = options.clock.now().getTime();
    if (now >= due) {
      running = invoke(now).finally(() => {
        running = undefined;
        due = nextSlot(options.clock.now().getTime());
        look();
      });
      return;
    }
    const speed = options.clock.speed();
    const wait = speed > 0 ? Math.min(Math.ceil((due - now) / speed), MAX_WAIT_MS) : MAX_WAIT_MS;
    pending = setTimeout(look, wait);
  };

  const invoke = async (now: number): Promise<void> => {
    const timer: Timer = {
      isPastDue: false,
      schedule: { adjustForDST: false },
      scheduleStatus: {
        last: last === undefined ? "" : new Date(last).toISOString(),
        next: new Date(due).toISOString(),
        lastUpdated: new Date(now).toISOString(),
      },
    };
    last = now;
    const started = performance.now();
    options.log(`${options.name} at ${new Date(now).toISOString()}`);
    try {
      await options.run(timer);
      options.log(`${options.name} done ${(performance.now() - started).toFixed(0)}ms`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      options.log(
        `${options.name} failed ${(performance.now() - started).toFixed(0)}ms: ${message}`,
      );
    }
  };

  look();
  return {
    next: () => new Date(due),
    stop: async () => {
      stopped = true;
      if (pending) clearTimeout(pending);
      await running;
    },
  };
}
