/**
 * @module Azure Table Storage adapter of the state store (`@azure/data-tables`). One `TableClient`
 * per table, built once from a connection string or an endpoint + `TokenCredential`; tables are
 * created at startup if missing. Each record is one entity: `PartitionKey`, `RowKey` and the JSON
 * value in property `v` (see `codec.ts` for the size limit). SDK errors become coded
 * {@link StoreError}s here and nowhere else.
 */
import type { TokenCredential } from "@azure/core-auth";
import { odata, TableClient, type TableEntity, type TransactionAction } from "@azure/data-tables";
import {
  StoreError,
  TABLE_NAMES,
  type BatchOperation,
  type Entry,
  type ListQuery,
  type RawTable,
  type StateStore,
  type TableBackend,
  type TableKey,
  type TableName,
  type Versioned,
} from "../ports/state-store.js";
import { decodeValue, encodeValue } from "./codec.js";
import { assertTableKey } from "./keys.js";
import { fromRestError } from "./rest-errors.js";
import { createStateStore } from "./state-store.js";
import { planTransactions, type EncodedOperation } from "./transactions.js";

export type TableStoreConnection =
  | { readonly connectionString: string }
  | { readonly endpoint: string; readonly credential: TokenCredential };

export type TableStoreOptions = TableStoreConnection & {
  /** Prefix of the table names (letters and digits), so deployments can share an account. */
  readonly tablePrefix?: string;
  /** Plain `http://`; by default allowed only for loopback endpoints (Azurite). */
  readonly allowInsecureConnection?: boolean;
  /** SDK retries per request before a call fails with `StoreUnavailable`. */
  readonly maxRetries?: number;
  /** Create missing tables at startup (default true). */
  readonly createTables?: boolean;
};

export const DEFAULT_TABLE_PREFIX = "gpuwarden";
const VALUE = "v";
type ValueEntity = TableEntity<{ v?: unknown }>;

const capitalized = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);

function tableEndpointOf(connection: TableStoreConnection): string | undefined {
  if ("endpoint" in connection) return connection.endpoint;
  return /(?:^|;)\s*TableEndpoint=([^;]+)/i.exec(connection.connectionString)?.[1];
}

function isLoopbackHttp(endpoint: string | undefined): boolean {
  if (endpoint === undefined) return false;
  try {
    const url = new URL(endpoint);
    return url.protocol === "http:" && ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
  } catch {
    return false;
  }
}

async function call<T>(what: string, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw fromRestError(error, what);
  }
}

const entityOf = (key: TableKey, text: string): ValueEntity => ({
  partitionKey: key.partition,
  rowKey: key.row,
  [VALUE]: text,
});

const etagOf = (etag: string | undefined, what: string): string => {
  if (etag === undefined) throw new StoreError("StoreUnavailable", `${what}: no ETag in response`);
  return etag;
};

function actionOf(operation: EncodedOperation): TransactionAction {
  const key = { partition: operation.partition, row: operation.row };
  switch (operation.kind) {
    case "insert":
      return ["create", entityOf(key, operation.text)];
    case "upsert":
      return ["upsert", entityOf(key, operation.text), "Replace"];
    case "delete":
      return ["delete", { partitionKey: operation.partition, rowKey: operation.row }];
  }
}

class AzureTable implements RawTable {
  readonly #client: TableClient;

  constructor(client: TableClient) {
    this.#client = client;
  }

  async get(key: TableKey): Promise<Versioned<unknown> | undefined> {
    assertTableKey(key);
    const what = `get ${this.#client.tableName}`;
    try {
      const entity = await this.#client.getEntity<{ v?: unknown }>(key.partition, key.row);
      return { value: decodeValue(entity[VALUE]), etag: etagOf(entity.etag, what) };
    } catch (error) {
      const mapped = fromRestError(error, what);
      if (mapped.code === "NotFound") return undefined;
      throw mapped;
    }
  }

  async list(query: ListQuery = {}): Promise<Entry<TableKey, unknown>[]> {
    const clauses: string[] = [];
    if (query.partition !== undefined) clauses.push(odata`PartitionKey eq ${query.partition}`);
    if (query.rowFrom !== undefined) clauses.push(odata`RowKey ge ${query.rowFrom}`);
    if (query.rowBefore !== undefined) clauses.push(odata`RowKey lt ${query.rowBefore}`);
    const filter = clauses.join(" and ");
    const what = `list ${this.#client.tableName}`;
    return call(what, async () => {
      const entries: Entry<TableKey, unknown>[] = [];
      const pages = this.#client.listEntities<{ v?: unknown }>(
        filter === "" ? {} : { queryOptions: { filter } },
      );
      for await (const entity of pages) {
        const { partitionKey: partition, rowKey: row } = entity;
        if (partition === undefined || row === undefined) {
          throw new StoreError("StoreUnavailable", `${what}: entity without keys in response`);
        }
        entries.push({
          key: { partition, row },
          value: decodeValue(entity[VALUE]),
          etag: etagOf(entity.etag, what),
        });
      }
      return entries;
    });
  }

  async insert(key: TableKey, value: unknown): Promise<string> {
    assertTableKey(key);
    const entity = entityOf(key, encodeValue(value));
    const what = `insert into ${this.#client.tableName}`;
    const response = await call(what, () => this.#client.createEntity(entity));
    return etagOf(response.etag, what);
  }

  async replace(key: TableKey, value: unknown, etag: string): Promise<string> {
    assertTableKey(key);
    const entity = entityOf(key, encodeValue(value));
    const what = `replace in ${this.#client.tableName}`;
    const response = await call(what, () => this.#client.updateEntity(entity, "Replace", { etag }));
    return etagOf(response.etag, what);
  }

  async upsert(key: TableKey, value: unknown): Promise<string> {
    assertTableKey(key);
    const entity = entityOf(key, encodeValue(value));
    const what = `upsert into ${this.#client.tableName}`;
    const response = await call(what, () => this.#client.upsertEntity(entity, "Replace"));
    return etagOf(response.etag, what);
  }

  async delete(key: TableKey, etag?: string): Promise<void> {
    assertTableKey(key);
    const what = `delete from ${this.#client.tableName}`;
    try {
      await this.#client.deleteEntity(key.partition, key.row, etag === undefined ? {} : { etag });
    } catch (error) {
      const mapped = fromRestError(error, what);
      if (!(etag === undefined && mapped.code === "NotFound")) throw mapped;
    }
  }

  async batch(operations: readonly BatchOperation[]): Promise<void> {
    const what = `transaction on ${this.#client.tableName}`;
    for (const transaction of planTransactions(operations)) {
      await call(what, () => this.#client.submitTransaction(transaction.map(actionOf)));
    }
  }
}

/** Table Storage tables for every {@link TableName}; creates missing tables first. */
export async function createTableBackend(options: TableStoreOptions): Promise<TableBackend> {
  const prefix = options.tablePrefix ?? DEFAULT_TABLE_PREFIX;
  if (!/^[A-Za-z][A-Za-z0-9]{0,40}$/.test(prefix)) {
    throw new StoreError(
      "InvalidInput",
      `table prefix ${JSON.stringify(prefix)} is not letters and digits`,
    );
  }
  const clientOptions = {
    allowInsecureConnection:
      options.allowInsecureConnection ?? isLoopbackHttp(tableEndpointOf(options)),
    ...(options.maxRetries === undefined
      ? {}
      : { retryOptions: { maxRetries: options.maxRetries } }),
  };
  const clients = new Map<TableName, TableClient>(
    TABLE_NAMES.map((name) => {
      const tableName = `${prefix}${capitalized(name)}`;
      const client =
        "connectionString" in options
          ? TableClient.fromConnectionString(options.connectionString, tableName, clientOptions)
          : new TableClient(options.endpoint, tableName, options.credential, clientOptions);
      return [name, client];
    }),
  );
  if (options.createTables ?? true) {
    await Promise.all(
      [...clients.values()].map((client) =>
        call(`create table ${client.tableName}`, () => client.createTable()),
      ),
    );
  }
  const tables = new Map([...clients].map(([name, client]) => [name, new AzureTable(client)]));
  return {
    table(name) {
      const table = tables.get(name);
      if (table === undefined) throw new StoreError("InvalidInput", `unknown table ${name}`);
      return table;
    },
  };
}

/** The state store on Azure Table Storage (or Azurite). */
export async function createTableStore(options: TableStoreOptions): Promise<StateStore> {
  return createStateStore(await createTableBackend(options));
}
