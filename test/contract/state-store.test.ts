/**
 * @module Runs the state store contract against the in-memory fake and against the Table Storage
 * adapter on an Azurite started for this file (free ports, in memory) and stopped afterwards.
 */
import { afterAll, beforeAll, describe } from "vitest";
import { startAzurite, type Azurite } from "../../src/storage/azurite.js";
import { createMemoryBackend } from "../../src/storage/memory-store.js";
import { createTableBackend } from "../../src/storage/table-store.js";
import { describeStateStoreContract } from "./state-store.contract.js";

describeStateStoreContract("in-memory fake", () => Promise.resolve(createMemoryBackend()));

describe("on Azurite", () => {
  let azurite: Azurite | undefined;
  let tables = 0;

  beforeAll(async () => {
    azurite = await startAzurite();
  }, 60_000);

  afterAll(async () => {
    await azurite?.stop();
  });

  describeStateStoreContract("Azure Table Storage", () => {
    if (azurite === undefined) throw new Error("Azurite did not start");
    tables += 1;
    // Fresh tables (a new name prefix) per test: every test starts empty.
    return createTableBackend({
      connectionString: azurite.connectionString,
      tablePrefix: `t${tables}`,
    });
  });
});
