/**
 * @module Structural comparison for the conformance test: does `actual` have every key of
 * `expected`, recursively, with the same JSON type? Values are not compared. Free-form maps
 * (`tags`, `nodeLabels`) are checked as maps of the example's value type, not by key; arrays
 * compare every actual element with the example's first element.
 */

const DICTIONARIES = new Set(["tags", "nodeLabels"]);

function jsonType(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

/** Differences as `path: problem` lines; empty when `actual` conforms. */
export function shapeDiff(expected: unknown, actual: unknown, path = "$"): string[] {
  const te = jsonType(expected);
  const ta = jsonType(actual);
  if (te === "null") return [];
  if (te !== ta) return [`${path}: expected ${te}, got ${ta}`];
  if (te === "array") {
    const e = expected as unknown[];
    const a = actual as unknown[];
    if (e.length === 0) return [];
    if (a.length === 0) return [`${path}: expected a non-empty array to compare element shapes`];
    return a.flatMap((item, i) => shapeDiff(e[0], item, `${path}[${String(i)}]`));
  }
  if (te !== "object") return [];
  const e = expected as Record<string, unknown>;
  const a = actual as Record<string, unknown>;
  const key = path.split(".").pop() ?? "";
  if (DICTIONARIES.has(key)) {
    const valueType = Object.values(e).map(jsonType)[0];
    return Object.entries(a)
      .filter(([, v]) => valueType !== undefined && jsonType(v) !== valueType)
      .map(([k, v]) => `${path}.${k}: expected ${valueType ?? "?"}, got ${jsonType(v)}`);
  }
  return Object.keys(e).flatMap((k) =>
    k in a ? shapeDiff(e[k], a[k], `${path}.${k}`) : [`${path}.${k}: missing`],
  );
}
