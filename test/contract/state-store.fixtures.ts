/**
 * @module Shared fixtures of the state store contract: ids, a fake fleet, error-code capture and a
 * gate to force interleavings.
 */
import { z } from "zod";
import type { StoreErrorCode, TableBackend } from "../../src/ports/state-store.js";
import type { FleetSnapshot } from "../../src/ports/state-types.js";

/** Returns a fresh, empty backend for each test. */
export type MakeBackend = () => Promise<TableBackend>;

export const SUB_A = "11111111-1111-1111-1111-111111111111";
export const SUB_B = "22222222-2222-2222-2222-222222222222";
export const clusterId = (name: string, subscription = SUB_A): string =>
  `/subscriptions/${subscription}/resourceGroups/ML-Dev-RG/providers/Microsoft.ContainerService/managedClusters/${name}`;

/** Resolves to the error code a promise rejects with. */
export async function codeOf(promise: Promise<unknown>): Promise<StoreErrorCode | "resolved"> {
  try {
    await promise;
    return "resolved";
  } catch (error) {
    if (error instanceof Error && "code" in error) return error.code as StoreErrorCode;
    throw error;
  }
}

/** A promise plus its resolver, to pause one caller until another reaches a point. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

export interface FakeCluster {
  readonly id: string;
  readonly name: string;
  readonly powerState: string;
  readonly pools: readonly {
    readonly name: string;
    readonly vmSize: string;
    readonly count: number;
  }[];
}
export const FakeClusterSchema: z.ZodType<FakeCluster> = z.object({
  id: z.string(),
  name: z.string(),
  powerState: z.string(),
  pools: z.array(z.object({ name: z.string(), vmSize: z.string(), count: z.number() })),
});

export function fleet(takenAt: string, size: number, seed: number): FleetSnapshot<FakeCluster> {
  const random = (index: number): string =>
    Math.imul(index + 1, 2_654_435_761 + seed)
      .toString(16)
      .padStart(8, "0");
  return {
    takenAt,
    clusters: Array.from({ length: size }, (_, index) => ({
      id: clusterId(
        `c-${random(index)}-${index}`,
        `${random(index * 7)}-aaaa-bbbb-cccc-${random(index * 13)}dddd`,
      ),
      name: `c-${random(index)}-${index}`,
      powerState: index % 3 === 0 ? "Stopped" : "Running",
      pools: [
        { name: "system", vmSize: "Standard_D4s_v5", count: 2 },
        {
          name: `gpu${random(index * 3).slice(0, 4)}`,
          vmSize: "Standard_NC24ads_A100_v4",
          count: index % 5,
        },
      ],
    })),
  };
}
