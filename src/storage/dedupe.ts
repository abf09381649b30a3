/**
 * @module Exactly-once markers over a raw table: `claim` is an insert-if-absent, so of any number of
 * concurrent claimants exactly one wins. Keys are encoded; one partition holds them all.
 */
import { isStoreError, StoreError, type DedupeStore, type RawTable } from "../ports/state-store.js";
import { InstantSchema } from "../ports/state-types.js";
import { encodeKey } from "./keys.js";

const PARTITION = "claims";

export function createDedupeStore(raw: RawTable): DedupeStore {
  return {
    async claim(key, at) {
      if (key.length === 0) throw new StoreError("InvalidInput", "dedupe key is empty");
      if (!InstantSchema.safeParse(at).success) {
        throw new StoreError("InvalidInput", `claim time ${JSON.stringify(at)} is not an instant`);
      }
      try {
        await raw.insert({ partition: PARTITION, row: encodeKey(key) }, { key, claimedAt: at });
        return true;
      } catch (error) {
        if (isStoreError(error, "AlreadyExists")) return false;
        throw error;
      }
    },
  };
}
