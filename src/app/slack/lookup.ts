/**
 * @module Finding the cluster a person named in the last discovered fleet, or the ephemeral reply
 * that says why there is not exactly one. Typed text is only compared, never put into a query.
 */
import { findCluster } from "../../core/fleet/find.js";
import type { Cluster } from "../../core/fleet/types.js";
import { refusalMessage } from "../../slack/messages/refusals.js";
import { ephemeral, type SlackDeps, type SlackReply } from "./context.js";

/** The longest `resourceGroup/name` a cluster can have; longer text cannot name one. */
const MAX_CLUSTER_TEXT = 154;

/** The cluster a person named, or the reply explaining why there is not exactly one. */
export async function lookup(
  text: string,
  deps: SlackDeps,
): Promise<{ cluster: Cluster } | { reply: SlackReply }> {
  const clusters = await deps.fleet();
  const typed = text.length > MAX_CLUSTER_TEXT ? text.slice(0, MAX_CLUSTER_TEXT) : text;
  const found =
    text.length > MAX_CLUSTER_TEXT
      ? ({ kind: "unknown", suggestions: [] } as const)
      : findCluster(typed, clusters);
  switch (found.kind) {
    case "found":
      return { cluster: found.cluster };
    case "ambiguous":
      return {
        reply: ephemeral(
          refusalMessage({ kind: "ambiguous-cluster", typed, candidates: found.candidates }),
        ),
      };
    case "unknown":
      return {
        reply: ephemeral(
          refusalMessage({ kind: "unknown-cluster", typed, suggestions: found.suggestions }),
        ),
      };
  }
}
