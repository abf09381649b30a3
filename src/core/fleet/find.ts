/**
 * @module Finding a cluster from what a person typed: a name, or `resourceGroup/name` when the name
 * is ambiguous. Only the discovered fleet is searched; user text never goes into a query.
 * Near-misses get "did you mean …".
 */
import { distance } from "fastest-levenshtein";
import type { Cluster } from "./types.js";

export type ClusterLookup =
  | { readonly kind: "found"; readonly cluster: Cluster }
  | { readonly kind: "ambiguous"; readonly candidates: readonly string[] }
  | { readonly kind: "unknown"; readonly suggestions: readonly string[] };

export function findCluster(text: string, clusters: readonly Cluster[]): ClusterLookup {
  const wanted = text.trim().toLowerCase();
  const slash = wanted.indexOf("/");
  const group = slash >= 0 ? wanted.slice(0, slash) : undefined;
  const name = slash >= 0 ? wanted.slice(slash + 1) : wanted;
  const matches = clusters.filter(
    (c) =>
      c.name.toLowerCase() === name &&
      (group === undefined || c.resourceGroup.toLowerCase() === group),
  );
  const [only] = matches;
  if (only && matches.length === 1) return { kind: "found", cluster: only };
  if (matches.length > 1) {
    return {
      kind: "ambiguous",
      candidates: matches.map((c) => `${c.resourceGroup}/${c.name}`).sort(),
    };
  }
  const suggestions = clusters
    .map((c) => ({ label: c.name, d: distance(name, c.name.toLowerCase()) }))
    .filter(({ d, label }) => d <= Math.max(2, Math.floor(label.length / 3)))
    .sort((a, b) => a.d - b.d || a.label.localeCompare(b.label))
    .map(({ label }) => label);
  return { kind: "unknown", suggestions: [...new Set(suggestions)].slice(0, 3) };
}

/** The message for a lookup that did not find exactly one cluster. */
export function describeLookup(
  text: string,
  lookup: Exclude<ClusterLookup, { kind: "found" }>,
): string {
  if (lookup.kind === "ambiguous") {
    return `'${text}' matches several clusters; say which: ${lookup.candidates.join(", ")}`;
  }
  const hint =
    lookup.suggestions.length > 0 ? ` — did you mean ${lookup.suggestions.join(" or ")}?` : "";
  return `no cluster named '${text}'${hint}`;
}
