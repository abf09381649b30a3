/**
 * @module The port to Azure's own reservation recommendations (Consumption), shown beside
 * gpu-warden's advice. `src/azure/reservation-recommendations.ts` implements it with the SDK.
 */
import type { AzureReservationRecommendation } from "../core/reservations/index.js";

export type RecommendationScope = AzureReservationRecommendation["scope"];

/** Azure's recommendations for one subscription (fakes implement it too). */
export interface ReservationRecommendationSource {
  list(
    subscriptionId: string,
    scope: RecommendationScope,
  ): Promise<AzureReservationRecommendation[]>;
}
