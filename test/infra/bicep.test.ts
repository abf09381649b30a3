/**
 * @module infra/ without the Bicep CLI: every `.bicep` file parses (tree-sitter-bicep), module
 * wiring holds (paths, params), and the templates say what SPEC §15 and the Flex Consumption
 * notes require: FC1 on Node 22 with `functionAppConfig`, shared keys off, identity-based host
 * storage, Entra-only Application Insights, an RBAC Key Vault referenced for the Slack secrets,
 * the operations queue, and the host storage roles.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { OPERATIONS_QUEUE } from "../../src/ports/queue.js";
import {
  bicepFiles,
  INFRA,
  keys,
  moduleWiringProblems,
  parseBicep,
  parseBicepFile,
  path,
  property,
  REPO,
  resources,
  roleAssignmentIds,
  stringValue,
  syntaxErrors,
  variable,
} from "./bicep.js";

const files = bicepFiles();
const module = (name: string) => parseBicepFile(join(INFRA, "modules", name)).root;

describe("infra/*.bicep", () => {
  it("has the entry point and its modules", () => {
    expect(files.map((f) => f.path)).toContain("infra/main.bicep");
    expect(files.length).toBeGreaterThan(5);
  });

  it.each(files.map((f) => [f.path, f] as const))("%s parses", (_path, file) => {
    expect(syntaxErrors(file.root)).toEqual([]);
  });

  it("the parser rejects a broken file (the check can fail)", () => {
    expect(syntaxErrors(parseBicep("resource x 'a@1' {\n  name: 'a'\n}\n"))).not.toEqual([]);
    expect(syntaxErrors(parseBicep("param a string = \n"))).not.toEqual([]);
  });

  it("wires every module: the file exists, params are declared, required params are passed", () => {
    expect(files.flatMap(moduleWiringProblems)).toEqual([]);
  });
});

describe("the function app (function-app.bicep)", () => {
  const root = module("function-app.bicep");
  const [plan] = resources(root, "Microsoft.Web/serverfarms");
  const [site] = resources(root, "Microsoft.Web/sites");
  const config = path(site?.body, "properties", "functionAppConfig");
  const settings = [
    ...keys(variable(root, "hostSettings")),
    ...keys(variable(root, "slackReferences")),
  ];

  it("runs on Flex Consumption (FC1, Linux) with Node 22 set in functionAppConfig", () => {
    expect(stringValue(path(plan?.body, "sku", "name"))).toBe("FC1");
    expect(stringValue(path(plan?.body, "sku", "tier"))).toBe("FlexConsumption");
    expect(path(plan?.body, "properties", "reserved")?.text).toBe("true");
    expect(stringValue(property(site?.body, "kind"))).toBe("functionapp,linux");
    expect(stringValue(path(config, "runtime", "name"))).toBe("node");
    expect(stringValue(path(config, "runtime", "version"))).toBe("22");
    expect(path(config, "scaleAndConcurrency", "maximumInstanceCount")).toBeDefined();
  });

  it("deploys from the blob container with the user-assigned identity", () => {
    const storage = path(config, "deployment", "storage");
    expect(stringValue(property(storage, "type"))).toBe("blobContainer");
    expect(stringValue(path(storage, "authentication", "type"))).toBe("UserAssignedIdentity");
    expect(path(site?.body, "properties", "keyVaultReferenceIdentity")?.text).toBe("identityId");
    expect(path(site?.body, "properties", "httpsOnly")?.text).toBe("true");
  });

  it("uses identity-based host storage and Entra auth for Application Insights", () => {
    const host = variable(root, "hostSettings");
    expect(stringValue(property(host, "AzureWebJobsStorage__credential"))).toBe("managedidentity");
    for (const key of ["clientId", "blobServiceUri", "queueServiceUri", "tableServiceUri"]) {
      expect(settings).toContain(`AzureWebJobsStorage__${key}`);
    }
    expect(settings).not.toContain("AzureWebJobsStorage");
    expect(settings).toContain("APPLICATIONINSIGHTS_AUTHENTICATION_STRING");
    // Flex Consumption rejects these: the runtime comes from functionAppConfig, the package from the container.
    for (const banned of [
      "FUNCTIONS_WORKER_RUNTIME",
      "WEBSITE_RUN_FROM_PACKAGE",
      "WEBSITE_NODE_DEFAULT_VERSION",
    ]) {
      expect(settings).not.toContain(banned);
    }
  });

  it("references the Slack secrets in Key Vault, only once they are there", () => {
    const references = variable(root, "slackReferences");
    for (const [key, secret] of [
      ["SLACK_SIGNING_SECRET", "slack-signing-secret"],
      ["SLACK_BOT_TOKEN", "slack-bot-token"],
    ] as const) {
      const value = property(references, key)?.text ?? "";
      expect(value).toMatch(/^'@Microsoft\.KeyVault\(SecretUri=\$\{keyVaultUri\}secrets\//);
      expect(value).toContain(`secrets/${secret})'`);
    }
    const [appSettings] = resources(root, "Microsoft.Web/sites/config");
    expect(path(appSettings?.body, "properties")?.text).toBe(
      "union(hostSettings, slackSecretsInKeyVault ? slackReferences : {})",
    );
  });

  it("is the service azd deploys (azure.yaml service api)", () => {
    const azure = parse(readFileSync(join(REPO, "azure.yaml"), "utf8")) as {
      services: Record<string, { host: string; language: string; dist: string }>;
    };
    expect(azure.services.api).toMatchObject({ host: "function", language: "ts" });
    expect(property(site?.body, "tags")?.text).toContain("'azd-service-name': 'api'");
  });
});

describe("storage, monitoring, Key Vault", () => {
  it("turns shared keys off and creates the deployment container and the operations queue", () => {
    const root = module("storage.bicep");
    const [account] = resources(root, "Microsoft.Storage/storageAccounts");
    expect(path(account?.body, "properties", "allowSharedKeyAccess")?.text).toBe("false");
    expect(path(account?.body, "properties", "allowBlobPublicAccess")?.text).toBe("false");
    expect(
      resources(root, "Microsoft.Storage/storageAccounts/blobServices/containers"),
    ).toHaveLength(1);
    expect(stringValue(variable(root, "operationsQueue"))).toBe(OPERATIONS_QUEUE);
  });

  it("turns local auth off on Application Insights", () => {
    const [insights] = resources(module("monitoring.bicep"), "Microsoft.Insights/components");
    expect(path(insights?.body, "properties", "DisableLocalAuth")?.text).toBe("true");
  });

  it("uses RBAC on the Key Vault and writes no secret into it", () => {
    const root = module("keyvault.bicep");
    const [vault] = resources(root, "Microsoft.KeyVault/vaults");
    expect(path(vault?.body, "properties", "enableRbacAuthorization")?.text).toBe("true");
    expect(resources(root, "Microsoft.KeyVault/vaults/secrets")).toEqual([]);
  });

  it("gives the identity the host storage roles, Monitoring Metrics Publisher and Key Vault Secrets User", () => {
    const ids = roleAssignmentIds(module("host-roles.bicep"));
    expect(ids).toEqual(
      expect.arrayContaining([
        "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", // Storage Blob Data Owner
        "974c5e8b-45b9-4653-ba55-5f855dd0fb88", // Storage Queue Data Contributor
        "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", // Storage Table Data Contributor
        "3913510d-42f4-4e42-8a64-420c390055eb", // Monitoring Metrics Publisher
        "4633458b-17de-408a-b874-0445c86b69e6", // Key Vault Secrets User
      ]),
    );
  });
});
