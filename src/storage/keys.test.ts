/** @module Key encoding: reversible for every string, and always Table-safe. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { armKey, assertTableKey, clusterPartition, decodeKey, encodeKey } from "./keys.js";

const utf16 = fc.string({
  unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
});
const anyString = fc.oneof(fc.string({ unit: "binary" }), utf16, fc.string());

describe("encodeKey", () => {
  it("round-trips every string, lone surrogates included", () => {
    fc.assert(
      fc.property(anyString, (text) => decodeKey(encodeKey(text)) === text),
      { numRuns: 2_000 },
    );
  });

  it("produces keys Table Storage accepts", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 80 }), (text) => {
        assertTableKey({ partition: encodeKey(text), row: encodeKey(text) });
      }),
    );
  });

  it("escapes the characters Table keys forbid", () => {
    expect(encodeKey("/a\\b#c?d%e~f\u0001\u007f")).toBe("~2Fa~5Cb~23c~3Fd~25e~7Ef~01~7F");
    expect(encodeKey("\ud800x")).toBe("~uD800x");
    expect(encodeKey("dev-a100 日本 🙂")).toBe("dev-a100 日本 🙂");
  });

  it("lower-cases ARM ids and partitions them by subscription", () => {
    const id =
      "/subscriptions/ABC/resourceGroups/RG/providers/Microsoft.ContainerService/managedClusters/Dev";
    expect(armKey(id)).toBe(armKey(id.toLowerCase()));
    expect(decodeKey(armKey(id))).toBe(id.toLowerCase());
    expect(clusterPartition(id)).toBe("abc");
    expect(clusterPartition("not-an-arm-id")).toBe("-");
  });

  it("rejects unsafe or over-long keys", () => {
    expect(() => {
      assertTableKey({ partition: "a/b", row: "r" });
    }).toThrow(/not Table-safe/);
    expect(() => {
      assertTableKey({ partition: "p", row: "\ud800" });
    }).toThrow(/not Table-safe/);
    expect(() => {
      assertTableKey({ partition: "p", row: "r".repeat(513) });
    }).toThrow(/longer/);
  });
});
