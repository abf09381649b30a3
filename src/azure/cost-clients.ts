/**
 * @module Builds the cost adapters once: a Cost Management client and a Consumption client with
 * the bounded 429 policy (cost-throttle.ts) and the query pacer (cost-pace.ts), pointed at Azure or — with `endpoint` and a CA — at
 * the emulator. The SDKs are imported here, lazily, so the functions entry stays light.
 */
import type { TokenCredential } from "@azure/core-auth";
import type { BudgetSource, CostRowSource, CostSource } from "../ports/costs.js";
import type { PaceOptions } from "./cost-pace.js";
import { costClientPolicies, type ThrottleBounds } from "./cost-throttle.js";

export interface CostClientOptions {
  /** ARM endpoint (the emulator's URL); default Azure's. */
  readonly endpoint?: string;
  /** PEM of a CA to trust (the emulator's test certificate). */
  readonly ca?: string;
  /** The SDK's own retries (5xx, dropped connections). */
  readonly maxRetries?: number;
  readonly throttle?: ThrottleBounds;
  /** Pacing of Cost Management queries (cost-pace.ts); default 4 per 10 s, 20 per minute. */
  readonly pace?: PaceOptions;
}

/** Budgets_Get is addressed by scope; the client still wants a subscription id. */
const UNUSED_SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";

export async function createCostAdapters(
  credential: TokenCredential,
  options: CostClientOptions = {},
): Promise<{ readonly costs: CostSource & CostRowSource; readonly budgets: BudgetSource }> {
  const [{ CostManagementClient }, { ConsumptionManagementClient }, costs, budgets] =
    await Promise.all([
      import("@azure/arm-costmanagement"),
      import("@azure/arm-consumption"),
      import("./costs.js"),
      import("./budgets.js"),
    ]);
  const common = {
    ...costClientPolicies(options.throttle, options.pace),
    ...(options.maxRetries === undefined
      ? {}
      : { retryOptions: { maxRetries: options.maxRetries } }),
    ...(options.endpoint ? { endpoint: options.endpoint, $host: options.endpoint } : {}),
    ...(options.ca ? { tlsOptions: { ca: options.ca } } : {}),
  };
  return {
    costs: new costs.CostManagementCostSource(new CostManagementClient(credential, common)),
    budgets: new budgets.ConsumptionBudgetSource(
      new ConsumptionManagementClient(credential, UNUSED_SUBSCRIPTION, common),
    ),
  };
}
