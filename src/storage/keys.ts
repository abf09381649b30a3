/**
 * @module Table-safe keys. Table Storage forbids `/ \ # ?` and control characters in partition and
 * row keys, and `%` breaks some URL paths; {@link encodeKey} escapes those (and its own `~`)
 * reversibly as `~XX`, and lone UTF-16 surrogates as `~uXXXX`. ARM ids are lower-cased first.
 */
import { MAX_KEY_CHARS, StoreError, type TableKey } from "../ports/state-store.js";

const ESCAPE = "~";
// Escaped by encodeKey: the forbidden characters, the URL-hostile `%`, the escape itself, C0/C1
// controls and (the `u` flag sees pairs as one code point) lone surrogates.
// eslint-disable-next-line no-control-regex -- control characters are what these patterns catch
const UNSAFE = /[/\\#?%~\u0000-\u001f\u007f-\u009f\ud800-\udfff]/gu;
// eslint-disable-next-line no-control-regex -- control characters are what these patterns catch
const FORBIDDEN = /[/\\#?\u0000-\u001f\u007f-\u009f\ud800-\udfff]/u;
const ESCAPED = /~(?:u([0-9A-F]{4})|([0-9A-F]{2}))/g;

const hex = (code: number, width: number): string =>
  code.toString(16).toUpperCase().padStart(width, "0");

/** Escapes a string into a Table-safe key; {@link decodeKey} reverses it exactly. */
export function encodeKey(text: string): string {
  return text.replace(UNSAFE, (char) => {
    const code = char.charCodeAt(0);
    return code < 0x100 ? `${ESCAPE}${hex(code, 2)}` : `${ESCAPE}u${hex(code, 4)}`;
  });
}

export function decodeKey(key: string): string {
  return key.replace(ESCAPED, (_match, wide: string | undefined, narrow: string | undefined) =>
    String.fromCharCode(Number.parseInt(wide ?? narrow ?? "", 16)),
  );
}

/** The key of an ARM resource id: ids are case-insensitive, so lower-cased, then encoded. */
export function armKey(id: string): string {
  return encodeKey(id.toLowerCase());
}

const SUBSCRIPTION = /^\/subscriptions\/([^/]+)\//i;

/** Partition for per-cluster rows: the subscription, so big fleets spread over partitions. */
export function clusterPartition(clusterId: string): string {
  const match = SUBSCRIPTION.exec(clusterId);
  return match?.[1] === undefined ? "-" : encodeKey(match[1].toLowerCase());
}

/** The table key of a cluster's row. */
export function clusterTableKey(clusterId: string): TableKey {
  return { partition: clusterPartition(clusterId), row: armKey(clusterId) };
}

/** Throws `InvalidInput` unless both parts of the key are acceptable to Table Storage. */
export function assertTableKey(key: TableKey): void {
  for (const [name, part] of [
    ["partition", key.partition],
    ["row", key.row],
  ] as const) {
    if (part.length > MAX_KEY_CHARS) {
      throw new StoreError("InvalidInput", `${name} key longer than ${MAX_KEY_CHARS} characters`);
    }
    if (FORBIDDEN.test(part)) {
      throw new StoreError("InvalidInput", `${name} key ${JSON.stringify(part)} is not Table-safe`);
    }
  }
}
