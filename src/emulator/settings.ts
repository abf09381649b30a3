/**
 * @module Run-time behaviour switches of the emulator (operation durations, LRO polling, paging),
 * settable at start and later through the control API. Durations are virtual minutes.
 */
import type { OperationKind } from "./world.js";

export interface EmulatorSettings {
  /** Virtual minutes each operation kind takes (0 = done at the next request). */
  operationMinutes: Record<OperationKind, number>;
  /** `Retry-After` (seconds) on 202 / in-progress responses; 0 omits the header. */
  retryAfterSeconds: number;
  /**
   * When true, polling an unfinished operation (its `Location` or `Azure-AsyncOperation` URL)
   * advances the virtual clock to the operation's end, so SDK `pollUntilDone()` / `…AndWait`
   * calls finish at once. Off by default: operations end when the virtual clock passes their end.
   */
  advanceClockOnPoll: boolean;
  /** Page size of managedClusters list responses (`nextLink` paging). */
  listPageSize: number;
  /** Require an `Authorization: Bearer …` header on ARM routes (any token is accepted). */
  requireBearer: boolean;
  /** Emulate the cluster autoscaler on autoscaled pools with a `gpuUtil` profile (autoscaler.ts). */
  clusterAutoscaler: boolean;
}

export const DEFAULT_OPERATION_MINUTES: Readonly<Record<OperationKind, number>> = Object.freeze({
  clusterStart: 6,
  clusterStop: 3,
  poolCreate: 4,
  poolUpdate: 2,
  poolScale: 2,
  poolStart: 4,
  poolStop: 2,
});

export type EmulatorSettingsInput = Partial<Omit<EmulatorSettings, "operationMinutes">> & {
  operationMinutes?: Partial<Record<OperationKind, number>>;
};

export function defaultSettings(): EmulatorSettings {
  return {
    operationMinutes: { ...DEFAULT_OPERATION_MINUTES },
    retryAfterSeconds: 1,
    advanceClockOnPoll: false,
    listPageSize: 100,
    requireBearer: true,
    clusterAutoscaler: false,
  };
}

/** Applies a partial update in place after checking it; throws `RangeError` on bad values. */
export function applySettings(target: EmulatorSettings, input: EmulatorSettingsInput): void {
  const minutes = { ...target.operationMinutes };
  for (const [kind, value] of Object.entries(input.operationMinutes ?? {})) {
    if (!(kind in minutes))
      throw new RangeError(`operationMinutes.${kind}: unknown operation kind`);
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
      throw new RangeError(`operationMinutes.${kind}: expected a number of minutes ≥ 0`);
    }
    minutes[kind as OperationKind] = value;
  }
  const retry = input.retryAfterSeconds ?? target.retryAfterSeconds;
  if (!Number.isInteger(retry) || retry < 0)
    throw new RangeError("retryAfterSeconds: expected a whole number ≥ 0");
  const page = input.listPageSize ?? target.listPageSize;
  if (!Number.isInteger(page) || page < 1)
    throw new RangeError("listPageSize: expected a whole number ≥ 1");
  target.operationMinutes = minutes;
  target.retryAfterSeconds = retry;
  target.listPageSize = page;
  for (const flag of ["advanceClockOnPoll", "requireBearer", "clusterAutoscaler"] as const) {
    const value: unknown = input[flag];
    if (value !== undefined && typeof value !== "boolean")
      throw new RangeError(`${flag}: expected true or false`);
  }
  if (input.advanceClockOnPoll !== undefined) target.advanceClockOnPoll = input.advanceClockOnPoll;
  if (input.requireBearer !== undefined) target.requireBearer = input.requireBearer;
  if (input.clusterAutoscaler !== undefined) target.clusterAutoscaler = input.clusterAutoscaler;
}
