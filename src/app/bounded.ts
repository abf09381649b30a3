/**
 * @module Bounded parallelism for store writes: at most `limit` calls in flight. Each call is one
 * HTTP request (one socket) to the store; a tick over 20,000 clusters that started every write at
 * once ran out of file descriptors (EMFILE), and in Azure would run out of outbound connections.
 * And an order for ARM calls that spreads them over subscriptions, whose token buckets are apart.
 */

/** Store writes in flight in one step of a tick. */
export const STORE_WRITES_IN_FLIGHT = 64;

/** Calls `fn` on every item, `limit` at a time; rejects with the first error once all settled. */
export async function inParallel<T>(
  items: Iterable<T>,
  limit: number,
  fn: (item: T) => Promise<unknown>,
): Promise<void> {
  const queue = [...items];
  let next = 0;
  const errors: unknown[] = [];
  const worker = async (): Promise<void> => {
    while (next < queue.length) {
      const item = queue[next++] as T;
      try {
        await fn(item);
      } catch (error) {
        errors.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, queue.length)) }, worker));
  if (errors.length > 0) throw errors[0];
}

/**
 * The items round-robin over their groups (first group's first item, second group's first, …),
 * each group's items in their order. Discovery lists clusters by id, so a plan's actions come
 * subscription by subscription; dispatched in that order, every call in flight hits one
 * subscription's ARM write bucket (200, then 10 per s) while the others' stay full.
 */
export function interleaveBy<T>(items: readonly T[], groupOf: (item: T) => string): T[] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = groupOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  const lists = [...groups.values()];
  const out: T[] = [];
  for (let i = 0; out.length < items.length; i++) {
    for (const list of lists) {
      const item = list[i];
      if (item !== undefined) out.push(item);
    }
  }
  return out;
}
