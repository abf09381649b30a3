/**
 * @module Table adapter specifics the contract cannot express: how it fails when the account
 * refuses it, is unreachable, or lacks its tables.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isStoreError } from "../ports/state-store.js";
import { AZURITE_KEY, startAzurite, type Azurite } from "./azurite.js";
import { createTableBackend, createTableStore } from "./table-store.js";

let azurite: Azurite | undefined;
beforeAll(async () => {
  azurite = await startAzurite();
}, 60_000);
afterAll(async () => {
  await azurite?.stop();
});

const connection = (): string => {
  if (azurite === undefined) throw new Error("Azurite did not start");
  return azurite.connectionString;
};

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a failure");
}

describe("createTableStore", () => {
  it("creates its tables once and works on a second start", async () => {
    const store = await createTableStore({ connectionString: connection(), tablePrefix: "again" });
    expect(await store.dedupe.claim("k", "2026-11-23T00:00:00Z")).toBe(true);
    const restarted = await createTableStore({
      connectionString: connection(),
      tablePrefix: "again",
    });
    expect(await restarted.dedupe.claim("k", "2026-11-23T00:00:00Z")).toBe(false);
  });

  it("reports a wrong account key as AccessDenied", async () => {
    const wrongKey = connection().replace(
      AZURITE_KEY,
      Buffer.from("not the key").toString("base64"),
    );
    const error = await failure(createTableStore({ connectionString: wrongKey, maxRetries: 0 }));
    expect(isStoreError(error, "AccessDenied")).toBe(true);
  });

  it("reports an unreachable endpoint as StoreUnavailable", async () => {
    const closed = connection().replace(
      /TableEndpoint=http:\/\/127\.0\.0\.1:\d+/,
      "TableEndpoint=http://127.0.0.1:9",
    );
    const error = await failure(createTableStore({ connectionString: closed, maxRetries: 0 }));
    expect(isStoreError(error, "StoreUnavailable")).toBe(true);
  });

  it("reports a missing table as StoreUnavailable, not as a missing record", async () => {
    const backend = await createTableBackend({
      connectionString: connection(),
      tablePrefix: "missing",
      createTables: false,
    });
    const error = await failure(backend.table("clusters").get({ partition: "p", row: "r" }));
    expect(isStoreError(error, "StoreUnavailable")).toBe(true);
  });

  it("rejects a table prefix Table Storage would refuse", async () => {
    const error = await failure(
      createTableStore({ connectionString: connection(), tablePrefix: "gpu-warden" }),
    );
    expect(isStoreError(error, "InvalidInput")).toBe(true);
  });
});
