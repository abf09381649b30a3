/**
 * @module The official `@azure/arm-resourcegraph` client against the emulator: the app's discovery
 * query over more than 1,000 clusters, paged with `$skipToken`, scoped by subscription; and the
 * 400 answers for queries outside the supported subset.
 */
import { ResourceGraphClient } from "@azure/arm-resourcegraph";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  emulatorClientOptions,
  startEmulator,
  syntheticFleet,
  type Emulator,
} from "../../src/emulator/index.js";
import { syntheticSubscriptionId } from "../../src/emulator/synthetic.js";
import { expectArmError } from "./helpers.js";

const DISCOVERY = `Resources
| where type =~ 'microsoft.containerservice/managedclusters'
| project id, name, type, location, resourceGroup, subscriptionId, tags, properties
| order by id asc`;
const SUBS = [syntheticSubscriptionId(0), syntheticSubscriptionId(1), syntheticSubscriptionId(2)];

let emu: Emulator;
let graph: ResourceGraphClient;

beforeAll(async () => {
  emu = await startEmulator({
    fleet: syntheticFleet({ clusters: 1203, subscriptions: 3, stoppedEvery: 4 }),
  });
  const options = emulatorClientOptions(emu);
  graph = new ResourceGraphClient(options.credential, options.resourceGraph);
});

afterAll(async () => {
  await emu.stop();
});

interface Row {
  id: string;
  subscriptionId: string;
  resourceGroup: string;
  type: string;
  properties: {
    powerState: { code: string };
    provisioningState: string;
    nodeResourceGroup: string;
    agentPoolProfiles: Record<string, unknown>[];
  };
}

describe("Resource Graph discovery", () => {
  it("pages more than 1,000 clusters with $top 1000 and $skipToken", async () => {
    emu.requests.clear();
    const rows: Row[] = [];
    let skipToken: string | undefined;
    const pages: { count: number; totalRecords: number; truncated: string }[] = [];
    do {
      const page = await graph.resources({
        query: DISCOVERY,
        subscriptions: SUBS,
        options: { top: 1000, ...(skipToken === undefined ? {} : { skipToken }) },
      });
      rows.push(...(page.data as Row[]));
      pages.push({
        count: page.count,
        totalRecords: page.totalRecords,
        truncated: page.resultTruncated,
      });
      skipToken = page.skipToken;
    } while (skipToken !== undefined);

    expect(pages).toEqual([
      { count: 1000, totalRecords: 1203, truncated: "false" },
      { count: 203, totalRecords: 1203, truncated: "false" },
    ]);
    expect(emu.requests.list().map((r) => `${r.method} ${r.status} ${r.path}`)).toEqual([
      "POST 200 /providers/Microsoft.ResourceGraph/resources",
      "POST 200 /providers/Microsoft.ResourceGraph/resources",
    ]);
    const ids = rows.map((r) => r.id);
    expect(new Set(ids).size).toBe(1203);
    expect([...ids].sort()).toEqual(ids);
    const first = rows[0];
    expect(first?.type).toBe("microsoft.containerservice/managedclusters");
    expect(first?.resourceGroup).toBe(first?.resourceGroup.toLowerCase());
    expect(Object.keys(first ?? {})).toEqual([
      "id",
      "name",
      "type",
      "location",
      "resourceGroup",
      "subscriptionId",
      "tags",
      "properties",
    ]);
    expect(Object.keys(first?.properties.agentPoolProfiles[1] ?? {})).toEqual(
      expect.arrayContaining([
        "name",
        "mode",
        "vmSize",
        "count",
        "enableAutoScaling",
        "scaleSetPriority",
        "nodeTaints",
        "powerState",
        "provisioningState",
      ]),
    );
    expect(rows.filter((r) => r.properties.powerState.code === "Stopped")).toHaveLength(301);
  });

  it("restricts results to the request's subscriptions", async () => {
    const page = await graph.resources({
      query: DISCOVERY,
      subscriptions: [SUBS[1] ?? ""],
      options: { top: 1000 },
    });
    expect(page.totalRecords).toBe(401);
    expect((page.data as Row[]).every((r) => r.subscriptionId === SUBS[1])).toBe(true);
    expect(page.skipToken).toBeUndefined();
  });

  it("uses the default page size of 100, keeps $top over a token, and serves the table format", async () => {
    const first = await graph.resources({ query: DISCOVERY, subscriptions: SUBS });
    expect(first.count).toBe(100);
    const next = await graph.resources({
      query: DISCOVERY,
      subscriptions: SUBS,
      options: { skipToken: first.skipToken ?? "", top: 5 },
    });
    expect(next.count).toBe(5);
    const table = await graph.resources({
      query: "Resources | project id, name | order by name asc | limit 2",
      subscriptions: SUBS,
      options: { resultFormat: "table" },
    });
    expect(table.data).toEqual({
      columns: [
        { name: "id", type: "string" },
        { name: "name", type: "string" },
      ],
      rows: [
        [
          `/subscriptions/${SUBS[0] ?? ""}/resourceGroups/rg-0/providers/Microsoft.ContainerService/managedClusters/aks-00001`,
          "aks-00001",
        ],
        [
          `/subscriptions/${SUBS[1] ?? ""}/resourceGroups/rg-0/providers/Microsoft.ContainerService/managedClusters/aks-00002`,
          "aks-00002",
        ],
      ],
    });
  });

  it("truncates instead of paging when id is not projected", async () => {
    const page = await graph.resources({
      query: "Resources | project name",
      subscriptions: SUBS,
      options: { top: 10 },
    });
    expect(page.resultTruncated).toBe("true");
    expect(page.skipToken).toBeUndefined();
  });

  it("answers 400 for unsupported queries, bad options and foreign skip tokens", async () => {
    await expectArmError(
      graph.resources({ query: "Resources | summarize count() by type", subscriptions: SUBS }),
      400,
      "BadRequest",
    );
    await expectArmError(
      graph.resources({ query: DISCOVERY, subscriptions: SUBS, options: { top: 5000 } }),
      400,
      "BadRequest",
    );
    const first = await graph.resources({
      query: DISCOVERY,
      subscriptions: SUBS,
      options: { top: 10 },
    });
    await expectArmError(
      graph.resources({
        query: "Resources | project id",
        subscriptions: SUBS,
        options: { skipToken: first.skipToken ?? "" },
      }),
      400,
      "BadRequest",
    );
    const error: unknown = await graph
      .resources({ query: "Resources | join kind=inner (Resources) on id" })
      .catch((e: unknown) => e);
    expect(JSON.stringify((error as { details?: unknown }).details)).toContain(
      "unsupported operator 'join'",
    );
  });
});
