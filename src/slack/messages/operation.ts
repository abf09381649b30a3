/**
 * @module How an operation on a cluster reads in a message: "Starting dev-a100" while it runs,
 * "dev-a100 is Running" when it is done.
 */
import { assertNever } from "../../core/result.js";
import { safe } from "../text.js";

export type OperationKind = "start" | "stop" | "wake" | "scale-pool" | "restore-pool";

/** Longest cluster or pool name shown in a message. */
export const NAME_MAX = 150;

export interface OperationTarget {
  readonly kind: OperationKind;
  /** Display name of the cluster (name, or resourceGroup/name). */
  readonly cluster: string;
  /** The node pool, for `scale-pool` and `restore-pool`. */
  readonly pool?: string;
}

/** mrkdwn-safe phrases for an operation. */
export function describeOperation(op: OperationTarget): { doing: string; done: string } {
  const name = safe(op.cluster, NAME_MAX);
  const pool = safe(op.pool ?? "?", 80);
  switch (op.kind) {
    case "start":
      return { doing: `Starting ${name}`, done: `${name} is Running` };
    case "stop":
      return { doing: `Stopping ${name}`, done: `${name} is Stopped` };
    case "wake":
      return {
        doing: `Restoring the GPU pools of ${name}`,
        done: `The GPU pools of ${name} are back`,
      };
    case "scale-pool":
      return {
        doing: `Scaling pool ${pool} of ${name} to zero`,
        done: `Pool ${pool} of ${name} is scaled to zero`,
      };
    case "restore-pool":
      return {
        doing: `Restoring pool ${pool} of ${name}`,
        done: `Pool ${pool} of ${name} is restored`,
      };
    default:
      return assertNever(op.kind);
  }
}
