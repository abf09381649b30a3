/**
 * @module The custom role in infra/ grants exactly the ARM operations the Azure adapters declare
 * (src/azure/operations.ts), with no wildcard; the built-in roles the adapters rely on are
 * assigned; and the comparison fails when an adapter adds an operation the role lacks.
 */
import { describe, expect, it } from "vitest";
import {
  ADAPTER_OPERATIONS,
  BUILT_IN_ROLE_OPERATIONS,
  customRoleOperations,
  type BuiltInRole,
} from "../../src/azure/operations.js";
import {
  INFRA,
  parseBicepFile,
  path,
  resources,
  roleAssignmentIds,
  stringList,
  stringValue,
} from "./bicep.js";
import { compareRoleActions } from "./checks.js";

const ROLE_FILE = `${INFRA}/modules/warden-role.bicep`;

function grantedActions(): string[] {
  const role = parseBicepFile(ROLE_FILE);
  const [definition] = resources(role.root, "Microsoft.Authorization/roleDefinitions");
  const actions = stringList(path(definition?.body, "properties", "permissions", "actions"));
  if (actions === undefined) throw new Error(`${ROLE_FILE}: no literal actions list`);
  return actions;
}

/** Built-in role definition ids as infra/ writes them. */
const BUILT_IN_ROLE_IDS: Record<BuiltInRole, string> = {
  "Cost Management Reader": "72fafb9e-0641-4937-9268-a91bfd8191a3",
  "Monitoring Data Reader": "b0d8363b-8ddd-447d-831f-62ca05bff136",
};

describe("the custom role (infra/modules/warden-role.bicep)", () => {
  it("grants exactly the operations the adapters register, without wildcards", () => {
    const diff = compareRoleActions(customRoleOperations(), grantedActions());
    expect(diff, "add/remove these in warden-role.bicep").toEqual({
      missing: [],
      extra: [],
      wildcards: [],
    });
  });

  it("denies nothing and grants no data actions (the role is only its action list)", () => {
    const role = parseBicepFile(ROLE_FILE);
    const [definition] = resources(role.root, "Microsoft.Authorization/roleDefinitions");
    const permissions = path(definition?.body, "properties", "permissions");
    for (const key of ["notActions", "dataActions", "notDataActions"]) {
      expect(stringList(path(permissions, key)), key).toEqual([]);
    }
    expect(stringValue(path(definition?.body, "properties", "type"))).toBe("CustomRole");
  });

  it("reports an operation an adapter adds without the role granting it", () => {
    const withNewAdapter = {
      ...ADAPTER_OPERATIONS,
      "src/azure/new-adapter.ts": ["Microsoft.ContainerService/managedClusters/agentPools/delete"],
    };
    const diff = compareRoleActions(customRoleOperations(withNewAdapter), grantedActions());
    expect(diff.missing).toEqual(["Microsoft.ContainerService/managedClusters/agentPools/delete"]);
  });

  it("reports a grant no adapter uses, and any wildcard", () => {
    const granted = [...grantedActions(), "Microsoft.ContainerService/managedClusters/*"];
    const diff = compareRoleActions(customRoleOperations(), granted);
    expect(diff.extra).toEqual(["Microsoft.ContainerService/managedClusters/*"]);
    expect(diff.wildcards).toEqual(["Microsoft.ContainerService/managedClusters/*"]);
  });

  it("registers well-formed operations: provider/type/verb, no wildcard", () => {
    const bad = customRoleOperations().filter(
      (op) => !/^Microsoft\.[A-Za-z]+(\/[A-Za-z]+)+\/(read|write|delete|action)$/.test(op),
    );
    expect(bad).toEqual([]);
  });
});

describe("the built-in roles", () => {
  const assigned = (file: string) =>
    roleAssignmentIds(parseBicepFile(`${INFRA}/modules/${file}`).root);

  it("assigns Cost Management Reader at every managed scope and Monitoring Data Reader on the workspace", () => {
    const costs = BUILT_IN_ROLE_IDS["Cost Management Reader"];
    expect(assigned("scope-roles-subscription.bicep")).toContain(costs);
    expect(assigned("scope-roles-resource-group.bicep")).toContain(costs);
    expect(assigned("monitor-reader.bicep")).toEqual([BUILT_IN_ROLE_IDS["Monitoring Data Reader"]]);
  });

  it("assigns, at each managed scope, the custom role and Cost Management Reader only", () => {
    for (const file of ["scope-roles-subscription.bicep", "scope-roles-resource-group.bicep"]) {
      expect(assigned(file), file).toEqual([
        "wardenRoleId",
        BUILT_IN_ROLE_IDS["Cost Management Reader"],
      ]);
    }
  });

  it("covers every operation an adapter leaves to a built-in role", () => {
    const ids = [
      ...assigned("scope-roles-subscription.bicep"),
      ...assigned("monitor-reader.bicep"),
    ];
    const unassigned = Object.entries(BUILT_IN_ROLE_OPERATIONS)
      .filter(([, { role }]) => !ids.includes(BUILT_IN_ROLE_IDS[role]))
      .map(([adapter, { role }]) => `${adapter}: ${role}`);
    expect(unassigned).toEqual([]);
  });
});
