/**
 * @module How adapters store a value: JSON text in one string property, at most
 * {@link MAX_VALUE_CHARS} long. Both adapters use these, so limits and errors match exactly.
 */
import { MAX_VALUE_CHARS, StoreError } from "../ports/state-store.js";

/** Serializes a value for storage; `InvalidInput` if it is not JSON, `TooLarge` if too long. */
export function encodeValue(value: unknown): string {
  // JSON.stringify returns undefined (despite its type) for undefined, functions and symbols.
  const stringify = JSON.stringify as (input: unknown) => string | undefined;
  let text: string | undefined;
  try {
    text = stringify(value);
  } catch (error) {
    throw new StoreError("InvalidInput", "value is not JSON-serializable", { cause: error });
  }
  if (text === undefined) throw new StoreError("InvalidInput", "value is not JSON-serializable");
  if (text.length > MAX_VALUE_CHARS) {
    throw new StoreError(
      "TooLarge",
      `value is ${text.length} characters as JSON; the limit is ${MAX_VALUE_CHARS}`,
    );
  }
  return text;
}

/** Parses stored JSON text; `CorruptRecord` if it is not JSON. */
export function decodeValue(text: unknown): unknown {
  if (typeof text !== "string") throw new StoreError("CorruptRecord", "stored value is missing");
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new StoreError("CorruptRecord", "stored value is not JSON", { cause: error });
  }
}
