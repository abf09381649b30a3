/**
 * @module Walks the policy schema by key path: the keys an object accepts (for "did you mean"
 * hints on unknown keys) and every documented key path (for the docs-coverage test).
 */
import * as z from "zod";

/** Strips optional, default and prefault wrappers. */
function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  let current = schema;
  for (;;) {
    if (
      current instanceof z.ZodOptional ||
      current instanceof z.ZodDefault ||
      current instanceof z.ZodPrefault
    ) {
      current = current.unwrap();
    } else {
      return current;
    }
  }
}

/** The object schemas reachable at `path` (several when a union is crossed). */
function objectsAt(schema: z.core.$ZodType, path: readonly PropertyKey[]): z.ZodObject[] {
  const current = unwrap(schema);
  if (current instanceof z.ZodUnion) {
    return current.options.flatMap((option) => objectsAt(option, path));
  }
  const [head, ...rest] = path;
  if (head === undefined) return current instanceof z.ZodObject ? [current] : [];
  if (current instanceof z.ZodObject && typeof head === "string") {
    const child = (current.shape as Record<string, z.core.$ZodType | undefined>)[head];
    return child ? objectsAt(child, rest) : [];
  }
  if (current instanceof z.ZodArray) return objectsAt(current.element, rest);
  if (current instanceof z.ZodRecord) return objectsAt(current.valueType, rest);
  return [];
}

/** The keys accepted by the object at `path` of `schema`. */
export function objectKeysAt(schema: z.core.$ZodType, path: readonly PropertyKey[]): string[] {
  return [...new Set(objectsAt(schema, path).flatMap((object) => Object.keys(object.shape)))];
}

/**
 * Every key path of the schema, with `[]` for list items and `.<name>` for map entries:
 * `groups[].idle.mode`, `calendars.<name>`.
 */
export function keyPaths(schema: z.core.$ZodType, prefix = ""): string[] {
  const current = unwrap(schema);
  if (current instanceof z.ZodUnion) {
    return [...new Set(current.options.flatMap((o) => keyPaths(o, prefix)))];
  }
  if (current instanceof z.ZodArray) {
    return keyPaths(current.element, `${prefix}[]`);
  }
  if (current instanceof z.ZodRecord) {
    return keyPaths(current.valueType, `${prefix}.<name>`);
  }
  if (!(current instanceof z.ZodObject)) return [];
  return Object.entries(current.shape as Record<string, z.core.$ZodType>).flatMap(
    ([key, child]) => {
      const path = prefix === "" ? key : `${prefix}.${key}`;
      return [path, ...keyPaths(child, path)];
    },
  );
}
