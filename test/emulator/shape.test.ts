/** @module The conformance comparator itself: it must catch missing keys and wrong types. */
import { describe, expect, it } from "vitest";
import { shapeDiff } from "./shape.js";

describe("shapeDiff", () => {
  it("accepts extra keys and different values", () => {
    expect(shapeDiff({ a: 1, b: { c: "x" } }, { a: 2, b: { c: "y", d: true }, e: [] })).toEqual([]);
  });

  it("reports missing keys, wrong types and empty arrays", () => {
    expect(
      shapeDiff({ a: 1, b: { c: "x" }, l: [{ n: 1 }] }, { a: "1", b: {}, l: [{ n: 1 }, { m: 2 }] }),
    ).toEqual(["$.a: expected number, got string", "$.b.c: missing", "$.l[1].n: missing"]);
    expect(shapeDiff({ l: ["x"] }, { l: [] })).toEqual([
      "$.l: expected a non-empty array to compare element shapes",
    ]);
  });

  it("checks maps by value type, not by key", () => {
    expect(shapeDiff({ tags: { a: "1" } }, { tags: { b: "2" } })).toEqual([]);
    expect(shapeDiff({ tags: { a: "1" } }, { tags: { b: 2 } })).toEqual([
      "$.tags.b: expected string, got number",
    ]);
  });
});
