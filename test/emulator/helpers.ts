/** @module Shared fixtures for the emulator suites: a small fleet and ARM error assertions. */
// RestError/isRestError of @azure/core-rest-pipeline, as re-exported by the Resource Graph SDK.
import { isRestError } from "@azure/arm-resourcegraph";
import { expect } from "vitest";
import type { FleetInput } from "../../src/emulator/index.js";

export const SUB_A = "11111111-1111-4111-8111-111111111111";
export const SUB_B = "22222222-2222-4222-8222-222222222222";
export const RG = "ml-dev-rg";

/** Two subscriptions; `dev-a100` (running) and `dev-t4` (stopped) in A, `prod-a10` in B. */
export function smallFleet(): FleetInput {
  return {
    start: "2026-11-23T00:00:00Z",
    subscriptions: [
      {
        id: SUB_A,
        name: "ml-dev",
        clusters: [
          {
            name: "dev-a100",
            resourceGroup: RG,
            tags: { env: "dev" },
            pools: [
              { name: "system", mode: "System", vmSize: "Standard_D4s_v5", count: 2 },
              {
                name: "gpu",
                vmSize: "Standard_NC24ads_A100_v4",
                count: 2,
                enableAutoScaling: true,
                minCount: 1,
                maxCount: 4,
                nodeTaints: ["sku=gpu:NoSchedule"],
              },
            ],
          },
          {
            name: "dev-t4",
            resourceGroup: RG,
            powerState: "Stopped",
            pools: [
              { name: "system", mode: "System", vmSize: "Standard_D4s_v5", count: 1 },
              { name: "gpu", vmSize: "Standard_NC4as_T4_v3", count: 3 },
            ],
          },
        ],
      },
      {
        id: SUB_B,
        clusters: [
          {
            name: "prod-a10",
            resourceGroup: "prod-rg",
            tags: { env: "prod" },
            pools: [
              { name: "system", mode: "System", vmSize: "Standard_D4s_v5", count: 3 },
              { name: "a10", vmSize: "Standard_NV36ads_A10_v5", count: 2 },
            ],
          },
        ],
      },
    ],
    prices: { Standard_D4s_v5: 0.2 },
  };
}

/** Awaits a rejected SDK call and checks its status and ARM error code. */
export async function expectArmError(
  call: Promise<unknown>,
  status: number,
  code: string,
): Promise<void> {
  const error: unknown = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isRestError(error), `expected a RestError, got ${String(error)}`).toBe(true);
  if (!isRestError(error)) return;
  expect(error.statusCode).toBe(status);
  expect(error.code).toBe(code);
}
