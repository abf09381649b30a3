/**
 * @module Exactly-once markers over a raw table: `claim` is an insert-if-absent, so of any number of
 * concurrent claimants exactly one wins. Keys are encoded; one partition holds them all.
 *
 * Claims that arrive together (a burst of Slack requests on one instance) are written as one
 * transaction of at most {@link MAX_BATCH_OPERATIONS} inserts. A transaction is all-or-nothing,
 * so when one of its keys was already claimed nothing of it was written, and its claims are
 * retried one by one to find out which.
 */
import {
  isStoreError,
  MAX_BATCH_OPERATIONS,
  StoreError,
  type DedupeStore,
  type RawTable,
} from "../ports/state-store.js";
import { InstantSchema } from "../ports/state-types.js";
import { encodeKey } from "./keys.js";

const PARTITION = "claims";

interface Claim {
  readonly row: string;
  readonly value: { readonly key: string; readonly claimedAt: string };
  readonly settle: (won: boolean) => void;
  readonly fail: (error: unknown) => void;
}

export function createDedupeStore(raw: RawTable): DedupeStore {
  let gathering: Claim[] | undefined;

  const one = async (claim: Claim): Promise<boolean> => {
    try {
      await raw.insert({ partition: PARTITION, row: claim.row }, claim.value);
      return true;
    } catch (error) {
      if (isStoreError(error, "AlreadyExists")) return false;
      throw error;
    }
  };

  const write = async (claims: readonly Claim[]): Promise<void> => {
    // The same key twice in one burst: the first claimant competes, the others lose.
    const first = new Map<string, Claim>();
    for (const claim of claims) {
      if (first.has(claim.row)) claim.settle(false);
      else first.set(claim.row, claim);
    }
    const unique = [...first.values()];
    if (unique.length === 1 && unique[0]) {
      const claim = unique[0];
      await one(claim).then(claim.settle, claim.fail);
      return;
    }
    try {
      await raw.batch(
        unique.map((c) => ({
          kind: "insert",
          key: { partition: PARTITION, row: c.row },
          value: c.value,
        })),
      );
      for (const claim of unique) claim.settle(true);
    } catch (error) {
      if (!isStoreError(error, "AlreadyExists")) {
        for (const claim of unique) claim.fail(error);
        return;
      }
      await Promise.all(unique.map((claim) => one(claim).then(claim.settle, claim.fail)));
    }
  };

  const flush = (): void => {
    const claims = gathering ?? [];
    gathering = undefined;
    for (let i = 0; i < claims.length; i += MAX_BATCH_OPERATIONS) {
      void write(claims.slice(i, i + MAX_BATCH_OPERATIONS));
    }
  };

  return {
    claim(key, at) {
      if (key.length === 0)
        return Promise.reject(new StoreError("InvalidInput", "dedupe key is empty"));
      if (!InstantSchema.safeParse(at).success) {
        return Promise.reject(
          new StoreError("InvalidInput", `claim time ${JSON.stringify(at)} is not an instant`),
        );
      }
      return new Promise<boolean>((resolve, reject) => {
        if (!gathering) {
          gathering = [];
          setImmediate(flush);
        }
        gathering.push({
          row: encodeKey(key),
          value: { key, claimedAt: at },
          settle: resolve,
          fail: reject,
        });
      });
    },
  };
}
