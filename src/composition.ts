/**
 * @module The composition root: credentials, SDK clients and adapters are built here once per
 * process, from the parsed app settings and policy. Heavy SDKs are imported lazily so the
 * functions entry loads fast.
 */
import type { TokenCredential } from "@azure/core-auth";
import { readFile } from "node:fs/promises";
import { randomUUID } from "node:crypto";
import type { AppEnv } from "./config/env.js";
import { loadPolicyFile, type ResolvedPolicy } from "./config/policy.js";
import { toTickPolicy } from "./config/tick-policy.js";
import { fleetCache, type SlackDeps } from "./app/slack/context.js";
import { usergroupCache } from "./app/slack/usergroups.js";
import { budgetEffects, type BudgetDeps } from "./app/budgets.js";
import { cachedMonthToDate } from "./app/budgets-observe.js";
import { clusterSnapshotSchema, snapshotSaver } from "./app/snapshot.js";
import type { TickDeps } from "./app/tick.js";
import type { SendReportDeps } from "./app/weekly-report.js";
import type { Cluster } from "./core/fleet/types.js";
import type { IdleRules } from "./core/idle/types.js";
import type { TickPolicy } from "./core/policy/types.js";
import type { ClusterControl, DiscoveryScope, FleetReader, PoolControl } from "./ports/azure.js";
import type { GpuMetrics } from "./ports/metrics.js";
import type { BudgetSource, CostRowSource, CostSource } from "./ports/costs.js";
import type { OperationQueue } from "./ports/queue.js";
import type { PriceReader, PriceStore } from "./ports/prices.js";
import type { ReservationRecommendationSource } from "./ports/reservations.js";
import type { SlackPort } from "./ports/slack.js";
import type { StateStore } from "./ports/state-store.js";

export interface Runtime {
  readonly policy: ResolvedPolicy;
  readonly tickPolicy: TickPolicy;
  readonly scope: DiscoveryScope;
  readonly store: StateStore;
  readonly fleet: FleetReader;
  readonly control: ClusterControl;
  /** Node-pool sizing for idle GPU pools; absent: no pool is ever scaled. */
  readonly pools?: PoolControl;
  /** GPU metrics and the workspace to ask; absent without `prometheus` in the policy. */
  readonly metrics?: { readonly source: GpuMetrics; readonly endpoint: string };
  /**
   * Cost Management (month to date cached per scope; rows by resource for the weekly report) and
   * Azure budgets; absent: budgets are not evaluated and no report is built.
   */
  readonly costs?: {
    readonly source: CostSource;
    readonly budgets: BudgetSource;
    readonly rows?: CostRowSource;
  };
  readonly newId: () => string;
  readonly saveSnapshot: (clusters: readonly Cluster[], at: string) => Promise<boolean>;
  readonly queue: OperationQueue;
  /** Without a bot token, a port that posts nothing (src/slack/disabled.ts). */
  readonly slack: SlackPort;
  /** VM prices: the Retail Prices API, cached, the bundled snapshot when it fails. */
  readonly prices?: PriceReader;
  /** Azure's own reservation recommendations (Consumption), shown beside gpu-warden's advice. */
  readonly reservationRecommendations?: ReservationRecommendationSource;
  /** Empty without a signing secret: every Slack request is refused. */
  readonly signingSecret: string;
}

export interface RuntimeOverrides {
  /** PEM of a CA to trust for ARM and Slack calls (the emulator's test certificate). */
  readonly armCaCertificate?: string;
  readonly credential?: TokenCredential;
  readonly policy?: ResolvedPolicy;
}

export async function createRuntime(
  env: AppEnv,
  overrides: RuntimeOverrides = {},
): Promise<Runtime> {
  if (!env.storage) {
    throw new Error(
      "no storage configured: set AzureWebJobsStorage (connection string) or AzureWebJobsStorage__tableServiceUri and __queueServiceUri",
    );
  }
  const policy = overrides.policy ?? (await loadPolicyFile(env.policyFile));
  const credential = overrides.credential ?? (await armCredential(env));
  const ca =
    overrides.armCaCertificate ??
    (env.arm.caFile ? await readFile(env.arm.caFile, "utf8") : undefined);
  const [{ fleet, control, pools }, store, queue, slack, metrics, costs, reservations] =
    await Promise.all([
      armAdapters(env, credential, ca),
      createStore(env.storage, credential),
      createQueue(env.storage, credential),
      createSlack(env, ca),
      createMetrics(env, policy, credential, ca),
      createCosts(env, credential, ca),
      createReservationSources(env, credential, ca),
    ]);
  return {
    policy,
    tickPolicy: toTickPolicy(policy),
    scope: { subscriptions: policy.policy.scope.subscriptions },
    store,
    fleet,
    control,
    pools,
    ...(metrics ? { metrics } : {}),
    costs,
    newId: randomUUID,
    saveSnapshot: snapshotSaver(store),
    queue,
    slack,
    signingSecret: env.slack.signingSecret ?? "",
    ...reservations,
    // Behind the memory cache, the store's copy of the API's answers serves every instance.
    prices: reservations.prices(store.prices),
  };
}

/**
 * The tick's dependencies: the runtime, the planner's policy view, Slack notifications, idle
 * pools, and the budget actions in force (read from the store at the tick's instant).
 */
export function tickDepsOf(rt: Runtime): TickDeps {
  return {
    ...rt,
    policy: rt.tickPolicy,
    notify: { slack: rt.slack, store: rt.store, policy: rt.policy, tickPolicy: rt.tickPolicy },
    ...(rt.pools ? { idle: { rules: idleRules(rt.policy), pools: rt.pools } } : {}),
    budgetEffects: (now) => budgetEffects(rt.store, rt.policy, now),
  };
}

/** Each group's `idle` section, by group name. */
export function idleRules(policy: ResolvedPolicy): ReadonlyMap<string, IdleRules> {
  return new Map(policy.groups.map((g) => [g.name, g.policy.idle]));
}

/** The Slack use cases' dependencies, with their caches: build once per process. */
export function slackDepsOf(rt: Runtime, clock: () => number = Date.now): SlackDeps {
  return {
    signingSecret: rt.signingSecret,
    store: rt.store,
    queue: rt.queue,
    slack: rt.slack,
    policy: rt.policy,
    tickPolicy: rt.tickPolicy,
    newId: rt.newId,
    members: usergroupCache(rt.slack, clock),
    fleet: fleetCache(rt.store, clock),
  };
}

/** The budget use cases' dependencies; the fleet is the tick's last snapshot (no ARM call). */
export function budgetDepsOf(rt: Runtime): BudgetDeps {
  if (!rt.costs) throw new Error("this runtime has no cost adapters: budgets cannot be evaluated");
  return {
    policy: rt.policy,
    tickPolicy: rt.tickPolicy,
    store: rt.store,
    costs: rt.costs.source,
    azureBudgets: rt.costs.budgets,
    slack: rt.slack,
    newId: rt.newId,
    fleet: () => snapshotFleet(rt),
  };
}

/** The weekly report's dependencies; the fleet is the tick's last snapshot (no ARM call). */
export function reportDepsOf(rt: Runtime): SendReportDeps {
  const rows = rt.costs?.rows;
  if (!rows) throw new Error("this runtime has no cost adapters: no report can be built");
  return {
    policy: rt.policy,
    tickPolicy: rt.tickPolicy,
    store: rt.store,
    costs: rows,
    slack: rt.slack,
    newId: rt.newId,
    fleet: () => snapshotFleet(rt),
    reservations: async (now) => {
      if (rt.prices === undefined) return { advice: [], errors: ["no price reader"] };
      const { reservationAdvice } = await import("./app/reservations.js");
      return reservationAdvice(
        {
          store: rt.store,
          policy: rt.policy,
          tickPolicy: rt.tickPolicy,
          prices: rt.prices,
          subscriptions: rt.scope.subscriptions,
          ...(rt.reservationRecommendations
            ? { recommendations: rt.reservationRecommendations }
            : {}),
        },
        now,
      );
    },
  };
}

/** The fleet the tick last saved, or one discovery when none was saved yet. */
async function snapshotFleet(rt: Runtime): Promise<readonly Cluster[]> {
  return (
    (await rt.store.fleetSnapshot.load(clusterSnapshotSchema))?.clusters ??
    (await rt.fleet.discover(rt.scope)).clusters
  );
}

/** Cost Management and Consumption clients, built once; on the emulator, at its endpoint. */
async function createCosts(
  env: AppEnv,
  credential: TokenCredential,
  ca: string | undefined,
): Promise<{ source: CostSource; budgets: BudgetSource; rows: CostRowSource }> {
  const { createCostAdapters } = await import("./azure/cost-clients.js");
  const { costs, budgets } = await createCostAdapters(credential, {
    maxRetries: env.arm.maxRetries,
    // The emulator runs on a virtual clock and has no tenant quota to share: no real-time pacing.
    ...(env.arm.endpoint ? { endpoint: env.arm.endpoint, pace: { windows: [] } } : {}),
    ...(ca ? { ca } : {}),
  });
  return { source: cachedMonthToDate(costs), budgets, rows: costs };
}

/** Prices (the emulator serves the Retail Prices API at its ARM URL) and recommendations. */
async function createReservationSources(
  env: AppEnv,
  credential: TokenCredential,
  ca: string | undefined,
): Promise<{
  prices: (store: PriceStore) => PriceReader;
  reservationRecommendations: ReservationRecommendationSource;
}> {
  const [{ retailPriceReader }, { createReservationRecommendations }] = await Promise.all([
    import("./azure/price-cache.js"),
    import("./azure/reservation-recommendations.js"),
  ]);
  const endpoint = env.arm.endpoint ? { endpoint: env.arm.endpoint } : {};
  return {
    prices: (store) =>
      retailPriceReader(
        { ...(env.arm.endpoint ? { baseUrl: env.arm.endpoint } : {}), ...(ca ? { ca } : {}) },
        {},
        store,
      ),
    reservationRecommendations: await createReservationRecommendations(credential, {
      maxRetries: env.arm.maxRetries,
      ...endpoint,
      ...(ca ? { ca } : {}),
    }),
  };
}

async function armCredential(env: AppEnv): Promise<TokenCredential> {
  if (env.arm.endpoint) {
    const { staticTokenCredential } = await import("./emulator/client-options.js");
    return staticTokenCredential();
  }
  const { DefaultAzureCredential } = await import("@azure/identity");
  return new DefaultAzureCredential(
    env.arm.clientId ? { managedIdentityClientId: env.arm.clientId } : {},
  );
}

async function armAdapters(
  env: AppEnv,
  credential: TokenCredential,
  ca: string | undefined,
): Promise<{ fleet: FleetReader; control: ClusterControl; pools: PoolControl }> {
  const [
    { ResourceGraphClient },
    { ContainerServiceClient },
    { ResourceGraphFleetReader },
    { AksClusterControl },
    { AksPoolControl },
  ] = await Promise.all([
    import("@azure/arm-resourcegraph"),
    import("@azure/arm-containerservice"),
    import("./azure/discovery.js"),
    import("./azure/control.js"),
    import("./azure/pool-control.js"),
  ]);
  const options = {
    retryOptions: { maxRetries: env.arm.maxRetries },
    ...(env.arm.endpoint ? { endpoint: env.arm.endpoint } : {}),
    ...(ca ? { tlsOptions: { ca } } : {}),
  };
  const graph = new ResourceGraphClient(credential, options);
  const aksOptions = { ...options, ...(env.arm.endpoint ? { $host: env.arm.endpoint } : {}) };
  const aks = (subscriptionId: string) =>
    new ContainerServiceClient(credential, subscriptionId, aksOptions);
  return {
    fleet: new ResourceGraphFleetReader(graph),
    control: new AksClusterControl(aks),
    pools: new AksPoolControl(aks),
  };
}

/**
 * Managed Prometheus at the policy's `prometheus.endpoint`; in emulator mode (an ARM endpoint
 * is set) the emulator, which serves the same query API, stands in for the workspace.
 */
async function createMetrics(
  env: AppEnv,
  policy: ResolvedPolicy,
  credential: TokenCredential,
  ca: string | undefined,
): Promise<{ source: GpuMetrics; endpoint: string } | undefined> {
  const configured = policy.policy.prometheus?.endpoint;
  if (configured === undefined) return undefined;
  const { PrometheusGpuMetrics } = await import("./azure/prometheus.js");
  const source = new PrometheusGpuMetrics({
    credential,
    maxRetries: env.arm.maxRetries,
    ...(env.arm.endpoint && ca ? { caCertificate: ca } : {}),
  });
  return { source, endpoint: env.arm.endpoint ?? configured };
}

async function createStore(
  storage: NonNullable<AppEnv["storage"]>,
  credential: TokenCredential,
): Promise<StateStore> {
  const { createTableStore } = await import("./storage/table-store.js");
  if (storage.kind === "connection-string")
    return createTableStore({ connectionString: storage.connectionString });
  const identity = await storageCredential(storage, credential);
  return createTableStore({ endpoint: storage.tableServiceUri, credential: identity });
}

async function createQueue(
  storage: NonNullable<AppEnv["storage"]>,
  credential: TokenCredential,
): Promise<OperationQueue> {
  const { createOperationQueue } = await import("./storage/operation-queue.js");
  if (storage.kind === "connection-string")
    return createOperationQueue({ connectionString: storage.connectionString });
  const identity = await storageCredential(storage, credential);
  return createOperationQueue({ endpoint: storage.queueServiceUri, credential: identity });
}

/** Identity-based storage: the identity named by `AzureWebJobsStorage__clientId`, else the app's. */
async function storageCredential(
  storage: Extract<NonNullable<AppEnv["storage"]>, { kind: "identity" }>,
  credential: TokenCredential,
): Promise<TokenCredential> {
  if (!storage.clientId) return credential;
  const { DefaultAzureCredential } = await import("@azure/identity");
  return new DefaultAzureCredential({ managedIdentityClientId: storage.clientId });
}

async function createSlack(env: AppEnv, ca: string | undefined): Promise<SlackPort> {
  if (!env.slack.botToken) return (await import("./slack/disabled.js")).disabledSlack;
  const { createSlackPort } = await import("./slack/web-api.js");
  return createSlackPort({
    token: env.slack.botToken,
    ...(env.slack.apiUrl ? { apiUrl: env.slack.apiUrl } : {}),
    ...(env.slack.apiUrl && ca ? { caCertificate: ca } : {}),
  });
}
