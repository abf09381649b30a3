/**
 * @module Conformance: replays the official Azure REST examples (../shared/azure-rest-examples,
 * containerservice and resourcegraph) against the emulator and checks that each answer has an
 * allowed status and the example's shape (keys and value types, recursively — not values), and
 * that 202s carry an absolute Location on the emulator's host. Every example file must be either
 * replayed or listed as deliberately not emulated, so a new example cannot be forgotten.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  emulatorRequest,
  startEmulator,
  type Emulator,
  type FleetInput,
  type RawResponse,
} from "../../src/emulator/index.js";
import { shapeDiff } from "./shape.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const examplesRoot = path.resolve(repoRoot, "../shared/azure-rest-examples");

interface Example {
  parameters: Record<string, unknown>;
  responses: Record<string, { headers?: Record<string, string>; body?: unknown }>;
}

function example(dir: string, file: string): Example {
  return JSON.parse(readFileSync(path.join(examplesRoot, dir, file), "utf8")) as Example;
}

const AKS_SUB = "00000000-0000-0000-0000-000000000000";
const ARG_SUB = "cfbbd179-59d2-4052-aa06-9270a38aa9d6";

/** The subscription/cluster/pools the AKS examples address, plus clusters named like the ARG examples. */
function conformanceFleet(): FleetInput {
  const system = {
    name: "nodepool1",
    mode: "System" as const,
    vmSize: "Standard_DS1_v2",
    count: 3,
    nodeLabels: { k: "v" },
    nodeTaints: ["CriticalAddonsOnly=true:NoSchedule"],
  };
  const agentpool1 = {
    name: "agentpool1",
    vmSize: "Standard_DS1_v2",
    count: 3,
    scaleSetPriority: "Spot" as const,
    enableAutoScaling: true,
    minCount: 2,
    maxCount: 5,
    nodeTaints: ["Key1=Value1:NoSchedule"],
  };
  return {
    start: "2026-11-23T00:00:00Z",
    subscriptions: [
      {
        id: AKS_SUB,
        clusters: [
          {
            name: "clustername1",
            resourceGroup: "rg1",
            location: "eastus",
            tags: { archv2: "", tier: "production" },
            pools: [system, agentpool1],
          },
          {
            name: "api-cluster",
            resourceGroup: "API",
            location: "eastus",
            tags: { Environment: "Prod" },
            pools: [{ ...system, vmSize: "Standard_D4s_v5" }], // a priced size: it accrues cost
          },
        ],
      },
      {
        id: ARG_SUB,
        clusters: Array.from({ length: 10 }, (_, i) => ({
          name: `test-aks-${String(i)}`,
          resourceGroup: i % 2 === 0 ? "RG1" : "RG2",
          location: "eastus",
          tags: { tag1: "Value1" },
          pools: [{ name: "system", mode: "System" as const, vmSize: "Standard_D4s_v5", count: 1 }],
        })),
      },
    ],
    budgets: [
      {
        name: "TestBudget",
        scope: `/subscriptions/${AKS_SUB}`,
        amount: 100.65,
        startDate: "2026-11-01",
        endDate: "2027-10-31",
        filter: {
          and: [
            { dimensions: { name: "ResourceGroup", operator: "In", values: ["API"] } },
            { dimensions: { name: "ResourceLocation", operator: "In", values: ["eastus"] } },
          ],
        },
        notifications: {
          Actual_GreaterThan_80_Percent: {
            contactEmails: ["johndoe@contoso.com"],
            contactGroups: [
              `/subscriptions/${AKS_SUB}/resourceGroups/rg1/providers/microsoft.insights/actionGroups/ag`,
            ],
            contactRoles: ["Contributor"],
            enabled: true,
            operator: "GreaterThan",
            threshold: 80,
            thresholdType: "Actual",
          },
          Actual_GreaterThanOrEqualTo_90_Percent: {
            contactEmails: ["johndoe@contoso.com"],
            contactGroups: [
              `/subscriptions/${AKS_SUB}/resourceGroups/rg1/providers/microsoft.insights/actionGroups/ag`,
            ],
            contactRoles: ["Reader"],
            operator: "GreaterThanOrEqualTo",
            threshold: 90,
          },
        },
      },
    ],
  };
}

/** Example files not replayed, and why. */
const NOT_EMULATED: Record<string, string> = {
  "containerservice/ManagedClustersAbortOperation.json":
    "abort is not used by gpu-warden and not emulated",
};

let emu: Emulator;
const covered = new Set<string>();

beforeAll(async () => {
  emu = await startEmulator({
    fleet: conformanceFleet(),
    settings: {
      operationMinutes: {
        clusterStart: 0,
        clusterStop: 0,
        poolCreate: 0,
        poolUpdate: 0,
        poolScale: 0,
        poolStart: 0,
        poolStop: 0,
      },
    },
  });
});

afterAll(async () => {
  await emu.stop();
});

const str = (v: unknown): string => (typeof v === "string" ? v : "");

function aksPath(p: Record<string, unknown>, tail: string): string {
  const base = `/subscriptions/${str(p.subscriptionId)}`;
  const cluster = `${base}/resourceGroups/${str(p.resourceGroupName)}/providers/Microsoft.ContainerService/managedClusters/${str(p.resourceName)}`;
  const route = tail
    .replace("{list}", `${base}/providers/Microsoft.ContainerService/managedClusters`)
    .replace("{cluster}", cluster)
    .replace("{pool}", str(p.agentPoolName));
  return `${route}?api-version=${str(p["api-version"])}`;
}

/** Replays an example request and checks status, shape and (for 202) the Location header. */
async function replay(
  dir: string,
  file: string,
  method: string,
  tail: string,
  override: Record<string, unknown> = {},
): Promise<RawResponse> {
  covered.add(`${dir}/${file}`);
  const ex = example(dir, file);
  const params = { ...ex.parameters, ...override };
  const body = method === "PUT" ? params.parameters : undefined;
  const response = await emulatorRequest(
    emu,
    method,
    aksPath(params, tail),
    body === undefined ? {} : { body },
  );
  const allowed = Object.keys(ex.responses).map(Number);
  expect(allowed, `${file}: status ${String(response.status)} ${response.text}`).toContain(
    response.status,
  );
  const expected = ex.responses[String(response.status)];
  expect(shapeDiff(expected?.body ?? null, response.body), file).toEqual([]);
  for (const name of Object.keys(expected?.headers ?? {})) {
    const value = response.headers[name.toLowerCase()];
    expect(value, `${file}: header ${name}`).toBeDefined();
    expect(
      String(value).startsWith(`${emu.url}/subscriptions/`),
      `${file}: ${name} must be absolute on the emulator`,
    ).toBe(true);
  }
  return response;
}

describe("containerservice examples", () => {
  it("ManagedClustersList, ManagedClustersGet", async () => {
    await replay("containerservice", "ManagedClustersList.json", "GET", "{list}");
    await replay("containerservice", "ManagedClustersGet.json", "GET", "{cluster}");
  });

  it("AgentPoolsList, AgentPoolsGet", async () => {
    await replay("containerservice", "AgentPoolsList.json", "GET", "{cluster}/agentPools");
    await replay("containerservice", "AgentPoolsGet.json", "GET", "{cluster}/agentPools/{pool}");
  });

  it("AgentPoolsCreate_Update as an update (200) and as a create (201)", async () => {
    const update = await replay(
      "containerservice",
      "AgentPoolsCreate_Update.json",
      "PUT",
      "{cluster}/agentPools/{pool}",
    );
    expect(update.status).toBe(200);
    const create = await replay(
      "containerservice",
      "AgentPoolsCreate_Update.json",
      "PUT",
      "{cluster}/agentPools/{pool}",
      { agentPoolName: "agentpool2" },
    );
    expect(create.status).toBe(201);
    expect(create.body).toMatchObject({ properties: { provisioningState: "Creating" } });
  });

  it("AgentPools_Update, AgentPools_Stop, AgentPools_Start", async () => {
    await replay(
      "containerservice",
      "AgentPools_Update.json",
      "PUT",
      "{cluster}/agentPools/{pool}",
    );
    const stop = await replay(
      "containerservice",
      "AgentPools_Stop.json",
      "PUT",
      "{cluster}/agentPools/{pool}",
    );
    expect(stop.body).toMatchObject({
      properties: { count: 0, enableAutoScaling: false, provisioningState: "Stopping" },
    });
    const start = await replay(
      "containerservice",
      "AgentPools_Start.json",
      "PUT",
      "{cluster}/agentPools/{pool}",
    );
    expect(start.body).toMatchObject({
      properties: {
        count: 3,
        enableAutoScaling: true,
        minCount: 2,
        maxCount: 2,
        provisioningState: "Starting",
      },
    });
  });

  it("ManagedClustersStop, ManagedClustersStart: 202 with an absolute Location", async () => {
    const stop = await replay(
      "containerservice",
      "ManagedClustersStop.json",
      "POST",
      "{cluster}/stop",
    );
    expect(stop.status).toBe(202);
    const start = await replay(
      "containerservice",
      "ManagedClustersStart.json",
      "POST",
      "{cluster}/start",
    );
    expect(start.status).toBe(202);
  });
});

describe("resourcegraph examples", () => {
  async function query(file: string, options?: Record<string, unknown>): Promise<RawResponse> {
    covered.add(`resourcegraph/${file}`);
    const ex = example("resourcegraph", file);
    const request = { ...(ex.parameters.query as Record<string, unknown>) };
    if (options !== undefined) request.options = options;
    const response = await emulatorRequest(
      emu,
      "POST",
      `/providers/Microsoft.ResourceGraph/resources?api-version=${str(ex.parameters["api-version"])}`,
      { body: request },
    );
    expect(response.status, response.text).toBe(200);
    expect(shapeDiff(ex.responses["200"]?.body, response.body), file).toEqual([]);
    return response;
  }

  it("ResourcesBasicQuery, ResourcesFirstPageQuery, ResourcesNextPageQuery", async () => {
    const basic = await query("ResourcesBasicQuery.json");
    expect(basic.body).toMatchObject({ count: 3, totalRecords: 3, resultTruncated: "false" });
    const first = await query("ResourcesFirstPageQuery.json");
    expect(first.body).toMatchObject({ count: 3, totalRecords: 10 });
    const token = (first.body as { $skipToken: string }).$skipToken;
    const next = await query("ResourcesNextPageQuery.json", { $skipToken: token });
    expect(next.body).toMatchObject({ count: 3, totalRecords: 10 });
  });
});

describe("costmanagement and consumption examples", () => {
  const QPU = "x-ms-ratelimit-microsoft.costmanagement-qpu-remaining";

  /** Each row has one value per column, of the column's type. */
  function rowsConform(body: unknown): string[] {
    const props = (
      body as { properties?: { columns?: { name: string; type: string }[]; rows?: unknown[][] } }
    ).properties;
    const columns = props?.columns ?? [];
    return (props?.rows ?? []).flatMap((row, i) =>
      row.length !== columns.length
        ? [`rows[${String(i)}]: ${String(row.length)} values for ${String(columns.length)} columns`]
        : row.flatMap((value, c) =>
            typeof value === columns[c]?.type.toLowerCase()
              ? []
              : [`rows[${String(i)}][${String(c)}]: not a ${columns[c]?.type ?? "?"}`],
          ),
    );
  }

  const withoutRows = (body: unknown): unknown => {
    const copy = structuredClone(body) as { properties?: { rows?: unknown } };
    if (copy.properties) delete copy.properties.rows;
    return copy;
  };

  it("SubscriptionQuery (Daily, filtered), SubscriptionQueryGrouping (None, by resource group)", async () => {
    emu.clock.set("2026-12-05T00:00:00Z"); // November billed, 1–3 December billed
    for (const file of ["SubscriptionQuery.json", "SubscriptionQueryGrouping.json"]) {
      covered.add(`costmanagement/${file}`);
      const ex = example("costmanagement", file);
      const response = await emulatorRequest(
        emu,
        "POST",
        `/${str(ex.parameters.scope)}/providers/Microsoft.CostManagement/query?api-version=${str(ex.parameters["api-version"])}`,
        { body: ex.parameters.parameters },
      );
      expect(response.status, response.text).toBe(200);
      const expected = ex.responses["200"]?.body;
      expect(shapeDiff(withoutRows(expected), withoutRows(response.body)), file).toEqual([]);
      expect(rowsConform(response.body), file).toEqual([]);
      const rows = (response.body as { properties: { rows: unknown[] } }).properties.rows;
      expect(rows.length, file).toBeGreaterThan(0);
      expect(response.headers[QPU], file).toMatch(
        /^QueriesPerHour:\d+,QueriesPerMin:\d+,QueriesPer10Sec:\d+$/,
      );
    }
  });

  it("Budget (Budgets_Get) and BudgetsList", async () => {
    for (const [file, tail] of [
      ["Budget.json", "/TestBudget"],
      ["BudgetsList.json", ""],
    ] as const) {
      covered.add(`consumption/${file}`);
      const ex = example("consumption", file);
      const response = await emulatorRequest(
        emu,
        "GET",
        `/subscriptions/${AKS_SUB}/providers/Microsoft.Consumption/budgets${tail}?api-version=${str(ex.parameters["api-version"])}`,
      );
      expect(response.status, response.text).toBe(200);
      expect(shapeDiff(ex.responses["200"]?.body, response.body), file).toEqual([]);
    }
  });
});

describe("reservation recommendation examples", () => {
  it("ReservationRecommendationsBySubscription and ...ByBillingAccount (legacy, paged)", async () => {
    emu.clock.set("2026-12-06T00:00:00Z"); // a week of api-cluster's priced nodes, every hour
    const pageSize = emu.settings().listPageSize;
    emu.configure({ listPageSize: 1 }); // a nextLink on the first page, as in the examples
    try {
      for (const file of [
        "ReservationRecommendationsBySubscription.json",
        "ReservationRecommendationsByBillingAccount.json",
      ]) {
        covered.add(`consumption/${file}`);
        const ex = example("consumption", file);
        const scope = str(ex.parameters.resourceScope).replace(
          "subscriptions/00000000-0000-0000-0000-000000000000",
          `subscriptions/${AKS_SUB}`,
        );
        const response = await emulatorRequest(
          emu,
          "GET",
          `/${scope}/providers/Microsoft.Consumption/reservationRecommendations?api-version=${str(ex.parameters["api-version"])}`,
        );
        expect(response.status, response.text).toBe(200);
        expect(shapeDiff(ex.responses["200"]?.body, response.body), file).toEqual([]);
      }
    } finally {
      emu.configure({ listPageSize: pageSize });
    }
  });
});

describe("coverage of the example folders", () => {
  it("replays every example file or says why not", () => {
    for (const dir of ["containerservice", "resourcegraph", "costmanagement", "consumption"]) {
      for (const file of readdirSync(path.join(examplesRoot, dir))) {
        const key = `${dir}/${file}`;
        expect(
          covered.has(key) || key in NOT_EMULATED,
          `${key} is neither replayed nor listed in NOT_EMULATED`,
        ).toBe(true);
      }
    }
  });
});
