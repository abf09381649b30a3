/** @module The supported KQL subset: parses the app's discovery query, rejects the rest clearly. */
import { describe, expect, it } from "vitest";
import { parseQuery, runQuery } from "./kql.js";

const DISCOVERY = `Resources
| where type =~ 'microsoft.containerservice/managedclusters'
| project id, name, type, location, resourceGroup, subscriptionId, tags, properties
| order by id asc`;

const rows = [
  {
    id: "/b",
    name: "beta",
    type: "microsoft.containerservice/managedclusters",
    location: "eastus",
    tags: {},
    properties: { powerState: { code: "Running" } },
  },
  {
    id: "/a",
    name: "Alpha-test",
    type: "Microsoft.ContainerService/managedClusters",
    location: "westus",
    tags: { env: "dev" },
    properties: { powerState: { code: "Stopped" } },
  },
  {
    id: "/c",
    name: "gamma",
    type: "microsoft.compute/virtualmachines",
    location: "eastus",
    tags: {},
    properties: {},
  },
];
const columns = [
  "id",
  "name",
  "type",
  "location",
  "tags",
  "properties",
  "resourceGroup",
  "subscriptionId",
];

function run(query: string): unknown {
  const parsed = parseQuery(query);
  if (!parsed.ok) throw new Error(parsed.error);
  const result = runQuery(parsed.value, rows, columns);
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

describe("KQL subset", () => {
  it("parses and runs the discovery query", () => {
    const parsed = parseQuery(DISCOVERY);
    expect(parsed.ok).toBe(true);
    expect(run(DISCOVERY)).toEqual([
      {
        id: "/a",
        name: "Alpha-test",
        type: "Microsoft.ContainerService/managedClusters",
        location: "westus",
        resourceGroup: null,
        subscriptionId: null,
        tags: { env: "dev" },
        properties: { powerState: { code: "Stopped" } },
      },
      {
        id: "/b",
        name: "beta",
        type: "microsoft.containerservice/managedclusters",
        location: "eastus",
        resourceGroup: null,
        subscriptionId: null,
        tags: {},
        properties: { powerState: { code: "Running" } },
      },
    ]);
  });

  it("supports ==, !=, !~, contains, dotted paths, and, desc by default, limit", () => {
    expect(
      run("resources | where type == 'microsoft.containerservice/managedclusters' | project id"),
    ).toEqual([{ id: "/b" }]);
    expect(run("Resources | where location != 'eastus' | project name")).toEqual([
      { name: "Alpha-test" },
    ]);
    expect(run("Resources | where name contains 'TEST' | project name")).toEqual([
      { name: "Alpha-test" },
    ]);
    expect(
      run(
        `Resources | where properties.powerState.code =~ "running" and location == 'eastus' | project id`,
      ),
    ).toEqual([{ id: "/b" }]);
    expect(
      run(
        "Resources | where type !~ 'microsoft.compute/virtualmachines' | order by name | project name",
      ),
    ).toEqual([{ name: "beta" }, { name: "Alpha-test" }]);
    expect(run("Resources | sort by id asc | take 2 | project id")).toEqual([
      { id: "/a" },
      { id: "/b" },
    ]);
    expect(run("Resources | project id, name | limit 1")).toHaveLength(1);
  });

  it.each([
    ["Resources | summarize count() by type", "unsupported operator 'summarize'"],
    ["ResourceContainers | project id", "expected the table 'Resources'"],
    ["Resources | where type in~ ('a')", "unsupported comparison"],
    ["Resources | where count == 5", "expected a quoted string"],
    ["Resources | where a == 'x' or b == 'y'", "only 'and' joins conditions"],
    ["Resources | project n = name", "unsupported '='"],
    ["Resources | extend x = 1", "unsupported operator 'extend'"],
    ["Resources | where name == 'x' | mv-expand properties", "unsupported operator 'mv-expand'"],
  ])("rejects %s", (query, message) => {
    const parsed = parseQuery(query);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error).toContain(message);
      expect(parsed.error).toContain("the emulator supports");
    }
  });

  it("fails on unknown columns and on columns dropped by project", () => {
    const q = parseQuery("Resources | project id | where name == 'x'");
    expect(q.ok).toBe(true);
    if (q.ok)
      expect(runQuery(q.value, rows, columns)).toEqual({
        ok: false,
        error: "Failed to resolve column 'name'",
      });
  });
});
