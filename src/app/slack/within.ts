/**
 * @module Bounding a wait on Slack on the acknowledgement path (Slack allows 3 seconds): after
 * `ms` the caller moves on with `fallback`; the call itself is not cancelled.
 */

export function withinMs<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((resolve) => {
    timer = setTimeout(() => {
      resolve(fallback);
    }, ms);
  });
  return Promise.race([promise, timeout]).finally(() => {
    clearTimeout(timer);
  });
}
