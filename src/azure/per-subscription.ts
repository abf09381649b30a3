/**
 * @module One SDK client per subscription, built on first use and kept (clients are built once).
 */
import type { ClusterRef } from "../core/plan/types.js";

export function perSubscription<C>(
  create: (subscriptionId: string) => C,
): (cluster: Pick<ClusterRef, "subscriptionId">) => C {
  const clients = new Map<string, C>();
  return ({ subscriptionId }) => {
    const key = subscriptionId.toLowerCase();
    let client = clients.get(key);
    if (client === undefined) {
      client = create(subscriptionId);
      clients.set(key, client);
    }
    return client;
  };
}
