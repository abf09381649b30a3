/**
 * @module The emulator's virtual clock. Time only moves when told to (`set`, `advanceBy`) unless a
 * `speed` is set, in which case it follows real time at that rate (1 = real time, 60 = a virtual
 * minute per real second). Timers scheduled on it (operation completions) run in time order, each
 * with the clock standing at its due instant, so state changes and cost accrual interleave exactly.
 */

interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly run: () => void;
  cancelled: boolean;
}

export interface ClockOptions {
  /** Virtual start instant (ms since epoch). */
  readonly startMs: number;
  /** 0 (default) = manual; otherwise virtual ms per real ms. */
  readonly speed?: number;
  /** Real-time source, for tests. */
  readonly realNow?: () => number;
}

export class VirtualClock {
  private nowMs: number;
  private speed: number;
  private realBase: number;
  private virtualBase: number;
  private seq = 0;
  private timers: Timer[] = [];
  private running = false;
  private readonly realNow: () => number;

  constructor(options: ClockOptions) {
    this.realNow = options.realNow ?? Date.now;
    this.nowMs = options.startMs;
    this.speed = options.speed ?? 0;
    this.realBase = this.realNow();
    this.virtualBase = this.nowMs;
  }

  /** The current virtual instant in ms (after catching up with real time when `speed` > 0). */
  now(): number {
    this.sync();
    return this.nowMs;
  }

  /** The virtual speed factor (0 = manual). */
  getSpeed(): number {
    return this.speed;
  }

  setSpeed(speed: number): void {
    if (!Number.isFinite(speed) || speed < 0) throw new RangeError("clock speed must be ≥ 0");
    this.sync();
    this.speed = speed;
    this.rebase();
  }

  /** Schedules `run` at virtual instant `at` (clamped to now). Returns a cancel function. */
  schedule(at: number, run: () => void): () => void {
    const timer: Timer = { at: Math.max(at, this.nowMs), seq: this.seq++, run, cancelled: false };
    let lo = 0;
    let hi = this.timers.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const other = this.timers[mid];
      if (
        other !== undefined &&
        (other.at < timer.at || (other.at === timer.at && other.seq < timer.seq))
      )
        lo = mid + 1;
      else hi = mid;
    }
    this.timers.splice(lo, 0, timer);
    return () => {
      timer.cancelled = true;
    };
  }

  /** Moves the clock forward to `targetMs`, running due timers in order. Backwards is an error. */
  advanceTo(targetMs: number): void {
    if (!Number.isFinite(targetMs)) throw new RangeError("clock target must be a finite instant");
    if (targetMs < this.nowMs) {
      throw new RangeError(
        `the virtual clock cannot go backwards (now ${new Date(this.nowMs).toISOString()})`,
      );
    }
    this.runUntil(targetMs);
    this.nowMs = targetMs;
    this.rebase();
  }

  advanceBy(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError("advance must be a duration ≥ 0");
    this.advanceTo(this.now() + ms);
  }

  /** Runs timers that are already due (e.g. zero-duration operations). */
  runDue(): void {
    this.sync();
    this.runUntil(this.nowMs);
  }

  /** Drops all timers and jumps to `startMs` (used when a new fleet is loaded). */
  reset(startMs: number): void {
    this.timers = [];
    this.nowMs = startMs;
    this.rebase();
  }

  private runUntil(targetMs: number): void {
    if (this.running) return;
    this.running = true;
    try {
      for (;;) {
        const next = this.timers[0];
        if (next === undefined || next.at > targetMs) return;
        this.timers.shift();
        if (next.cancelled) continue;
        this.nowMs = Math.max(this.nowMs, next.at);
        next.run();
      }
    } finally {
      this.running = false;
    }
  }

  private sync(): void {
    if (this.speed <= 0 || this.running) return;
    const target = this.virtualBase + (this.realNow() - this.realBase) * this.speed;
    if (target > this.nowMs) {
      this.runUntil(target);
      this.nowMs = target;
    }
  }

  private rebase(): void {
    this.realBase = this.realNow();
    this.virtualBase = this.nowMs;
  }
}
