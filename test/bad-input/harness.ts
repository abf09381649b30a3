/**
 * @module The bad-input corpus's world: a runtime on the in-memory store (whose every table can be
 * dumped, so "nothing changed" is checked on all of them), the fake Azure (which records every ARM
 * call), the fake Slack and a recording queue; the function shells driven with constructed
 * `HttpRequest`s and `InvocationContext`s, as the host drives them.
 */
import { HttpRequest } from "@azure/functions";
import { snapshotSaver } from "../../src/app/snapshot.js";
import { cachedMonthToDate } from "../../src/app/budgets-observe.js";
import { slackDepsOf, type Runtime } from "../../src/composition.js";
import { loadPolicy } from "../../src/config/policy.js";
import { toTickPolicy } from "../../src/config/tick-policy.js";
import type { Cluster } from "../../src/core/fleet/types.js";
import type { OperationMessage } from "../../src/ports/queue.js";
import { TABLE_NAMES, type TableBackend } from "../../src/ports/state-store.js";
import { signSlackRequest } from "../../src/slack/verify.js";
import { createMemoryBackend } from "../../src/storage/memory-store.js";
import { createStateStore } from "../../src/storage/state-store.js";
import { FakeAzure } from "../fakes/fake-azure.js";
import { FakeCosts } from "../fakes/fake-costs.js";
import { FakeSlack } from "../fakes/fake-slack.js";
import { cluster } from "../fixtures/fleet.js";

export const SECRET = "bad-input-signing-secret";
/** Wednesday 2 Dec 2026, 19:50 in Los Angeles: inside ml-dev's hours. */
export const NOW = new Date("2026-12-03T03:50:00Z");

const POLICY = `
timezone: America/Los_Angeles
groups:
  - name: ml-dev
    match: { tags: { env: dev } }
    schedule: "Mon-Fri 08:00-20:00"
    slack: { channel: C0MLDEV01, allow: { users: [U0MEMBER] } }
    budget: ml-dev-monthly
  - name: prod
    match: { tags: { env: prod } }
    protected: true
budgets:
  - name: ml-dev-monthly
    scope: /subscriptions/11111111-1111-4111-8111-111111111111/resourceGroups/ml-dev
    azureBudget: ml-dev-azure
    thresholds: [{ percent: 100, actions: [notify, stop-clusters] }]
slack: { admins: [U0ADMIN] }
`;

export const FLEET: readonly Cluster[] = [
  cluster("dev-a100", { resourceGroup: "team-a", tags: { env: "dev" } }),
  cluster("dev-t4", { resourceGroup: "team-a", tags: { env: "dev" }, powerState: "Stopped" }),
  cluster("shared", { resourceGroup: "team-a", tags: { env: "dev" } }),
  cluster("shared", { resourceGroup: "team-b", tags: { env: "dev" } }),
  cluster("inference", { resourceGroup: "prod", tags: { env: "prod" } }),
];

export interface World {
  readonly rt: Runtime;
  readonly backend: TableBackend;
  readonly azure: FakeAzure;
  readonly slack: FakeSlack;
  readonly queued: OperationMessage[];
  /** Every row of every table, the queue, and every ARM and Slack call so far. */
  state(): Promise<Record<string, unknown>>;
}

export async function world(
  policyText = POLICY,
  fleet: readonly Cluster[] = FLEET,
): Promise<World> {
  const policy = loadPolicy(policyText);
  if (!policy.ok) throw new Error(JSON.stringify(policy.error));
  const backend = createMemoryBackend();
  const store = createStateStore(backend);
  await store.fleetSnapshot.save({ takenAt: "2026-12-03T03:45:00Z", clusters: fleet });
  const azure = new FakeAzure([...fleet]);
  const slack = new FakeSlack();
  const costs = new FakeCosts();
  const queued: OperationMessage[] = [];
  let n = 0;
  const rt: Runtime = {
    policy: policy.value,
    tickPolicy: toTickPolicy(policy.value),
    scope: { subscriptions: [] },
    store,
    fleet: azure,
    control: azure,
    pools: azure,
    costs: { source: cachedMonthToDate(costs), budgets: costs },
    newId: () => `id-${String(++n)}`,
    saveSnapshot: snapshotSaver(store),
    queue: { send: (m) => Promise.resolve(void queued.push(m)) },
    slack,
    signingSecret: SECRET,
  };
  const state = async (): Promise<Record<string, unknown>> => {
    const tables = await Promise.all(
      TABLE_NAMES.map(async (t) => [t, await backend.table(t).list()] as const),
    );
    return {
      ...Object.fromEntries(tables),
      queue: JSON.stringify(queued),
      arm: [...azure.calls],
      slack: slack.calls.length,
    };
  };
  return { rt, backend, azure, slack, queued, state };
}

/** The state with some tables left out (those a refusal is expected to write). */
export async function stateWithout(
  w: World,
  ...tables: string[]
): Promise<Record<string, unknown>> {
  const all = await w.state();
  return Object.fromEntries(Object.entries(all).filter(([name]) => !tables.includes(name)));
}

export function slackDeps(w: World) {
  return slackDepsOf(w.rt, () => NOW.getTime());
}

export function post(
  path: string,
  body: string,
  headers: Record<string, string> = {},
): HttpRequest {
  return new HttpRequest({
    method: "POST",
    url: `http://localhost/api/${path}`,
    body: { string: body },
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
  });
}

export { context } from "../helpers/invocation.js";

/** Slack's signing headers for `body`, at `at` (seconds), with the right or a given secret. */
export function signature(body: string, at = NOW, secret = SECRET): Record<string, string> {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  return {
    "x-slack-request-timestamp": timestamp,
    "x-slack-signature": signSlackRequest({ signingSecret: secret, timestamp, rawBody: body }),
  };
}
