/**
 * @module Azure's own reservation recommendations with `@azure/arm-consumption`
 * (`reservationRecommendations.list` at subscription scope, legacy kind, VMs, 30-day look-back),
 * converted to `AzureReservationRecommendation` to show beside gpu-warden's advice. Errors become
 * `CostError`s (`src/azure/cost-errors.ts`).
 */
import type { ConsumptionManagementClient } from "@azure/arm-consumption";
import { z } from "zod";
import type { TokenCredential } from "@azure/core-auth";
import type { AzureReservationRecommendation } from "../core/reservations/index.js";
import { findSku } from "../core/skus/index.js";
import type { CostClientOptions } from "./cost-clients.js";
import { toCostError } from "./cost-errors.js";
import { costClientPolicies } from "./cost-throttle.js";
import type { ArmOperation } from "./operations.js";
import type {
  RecommendationScope,
  ReservationRecommendationSource,
} from "../ports/reservations.js";

/**
 * The ARM operations this adapter performs (src/azure/operations.ts), granted by the built-in
 * Cost Management Reader role (`Microsoft.Consumption/*\/read`).
 */
export const ARM_OPERATIONS: readonly ArmOperation[] = [
  "Microsoft.Consumption/reservationRecommendations/read",
];

export type { RecommendationScope, ReservationRecommendationSource };

const LOOK_BACK = "Last30Days";
/** The list is addressed by scope; the client still wants a subscription id. */
const UNUSED_SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";

export class ConsumptionReservationRecommendations implements ReservationRecommendationSource {
  constructor(private readonly client: ConsumptionManagementClient) {}

  async list(
    subscriptionId: string,
    scope: RecommendationScope,
  ): Promise<AzureReservationRecommendation[]> {
    const filter =
      `properties/scope eq '${scope}' and properties/lookBackPeriod eq '${LOOK_BACK}' ` +
      `and properties/resourceType eq 'VirtualMachines'`;
    // The SDK's deserializer mistakes `properties.scope` for a polymorphic discriminator and drops
    // most fields of legacy items (arm-consumption 9.2), so the pager only drives the requests
    // (paging, retries, throttling) and the items are read from each page's raw body.
    const items: unknown[] = [];
    try {
      const pages = this.client.reservationRecommendations.list(`subscriptions/${subscriptionId}`, {
        filter,
        onResponse: (response) => {
          const page = PageSchema.safeParse(parseJson(response.bodyAsText));
          if (page.success) items.push(...page.data.value);
        },
      });
      for await (const _page of pages.byPage()) {
        // Each page's items were collected by `onResponse`.
      }
    } catch (error) {
      throw toCostError(error, `reservation recommendations of subscription ${subscriptionId}`);
    }
    return items.flatMap((item) => {
      const converted = recommendationFromArm(item);
      return converted === undefined ? [] : [converted];
    });
  }
}

function parseJson(text: string | null | undefined): unknown {
  try {
    return JSON.parse(text ?? "null") as unknown;
  } catch {
    return null;
  }
}

const PageSchema = z.object({ value: z.array(z.unknown()).default([]) });

const LegacySchema = z.object({
  kind: z.literal("legacy"),
  location: z.string(),
  sku: z.string(),
  properties: z.object({
    lookBackPeriod: z.enum(["Last7Days", "Last30Days", "Last60Days"]),
    term: z.enum(["P1Y", "P3Y"]),
    scope: z.enum(["Single", "Shared"]),
    recommendedQuantity: z.number().default(0),
    netSavings: z.number().default(0),
    costWithNoReservedInstances: z.number().default(0),
    totalCostWithReservedInstances: z.number().default(0),
    firstUsageDate: z.string().optional(),
  }),
});

/** A legacy VM recommendation (raw ARM JSON) in the model's terms; `undefined` for others. */
export function recommendationFromArm(item: unknown): AzureReservationRecommendation | undefined {
  const parsed = LegacySchema.safeParse(item);
  if (!parsed.success) return undefined;
  const { location, sku, properties: p } = parsed.data;
  return {
    vmSize: findSku(sku)?.vmSize ?? sku,
    region: location.toLowerCase(),
    term: p.term === "P1Y" ? "1y" : "3y",
    quantity: p.recommendedQuantity,
    netSavings: p.netSavings,
    costWithNoReservedInstances: p.costWithNoReservedInstances,
    totalCostWithReservedInstances: p.totalCostWithReservedInstances,
    lookBackPeriod: p.lookBackPeriod,
    scope: p.scope,
    ...(p.firstUsageDate === undefined ? {} : { firstUsageDate: p.firstUsageDate }),
  };
}

/** Builds the source once (composition root); the SDK is imported here, lazily. */
export async function createReservationRecommendations(
  credential: TokenCredential,
  options: CostClientOptions = {},
): Promise<ReservationRecommendationSource> {
  const { ConsumptionManagementClient } = await import("@azure/arm-consumption");
  const client = new ConsumptionManagementClient(credential, UNUSED_SUBSCRIPTION, {
    ...costClientPolicies(options.throttle, options.pace),
    ...(options.maxRetries === undefined
      ? {}
      : { retryOptions: { maxRetries: options.maxRetries } }),
    ...(options.endpoint ? { endpoint: options.endpoint, $host: options.endpoint } : {}),
    ...(options.ca ? { tlsOptions: { ca: options.ca } } : {}),
  });
  return new ConsumptionReservationRecommendations(client);
}
