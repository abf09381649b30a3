/**
 * @module App settings (environment), parsed once into a frozen object. The only place besides
 * the policy loader that reads `process.env`; everything else receives an {@link AppEnv}.
 *
 * | setting | meaning |
 * |---|---|
 * | `GPU_WARDEN_CONFIG` | policy file path (default `gpu-warden.yaml`); a relative path is read from `AzureWebJobsScriptRoot` when the host sets it (the app folder), else from the working directory |
 * | `AzureWebJobsStorage` | storage connection string (local development, Azurite) |
 * | `AzureWebJobsStorage__tableServiceUri`, `…__queueServiceUri` | identity-based storage (Azure) |
 * | `AzureWebJobsStorage__clientId` | client id of the user-assigned managed identity |
 * | `GPU_WARDEN_ARM_ENDPOINT`, `GPU_WARDEN_ARM_CA_FILE` | emulator mode: ARM base URL and the CA to trust |
 * | `GPU_WARDEN_ARM_MAX_RETRIES` | SDK retries per ARM call (default 3); later ticks retry anyway |
 * | `SLACK_SIGNING_SECRET`, `SLACK_BOT_TOKEN` | the Slack app's secrets (Key Vault references in Azure) |
 * | `SLACK_API_URL` | emulator mode: the Slack Web API base URL |
 */
import { isAbsolute, resolve } from "node:path";
import * as z from "zod";
import { DEFAULT_POLICY_FILE, POLICY_FILE_VARIABLE } from "./load-policy-file.js";

export type StorageSettings =
  | { readonly kind: "connection-string"; readonly connectionString: string }
  | {
      readonly kind: "identity";
      readonly tableServiceUri: string;
      readonly queueServiceUri: string;
      readonly clientId?: string;
    };

export interface AppEnv {
  readonly policyFile: string;
  readonly storage: StorageSettings | null;
  readonly arm: {
    readonly endpoint?: string;
    readonly caFile?: string;
    readonly maxRetries: number;
    readonly clientId?: string;
  };
  readonly slack: {
    /** Without it every Slack request is refused (401). */
    readonly signingSecret?: string;
    /** Without it nothing is posted to Slack. */
    readonly botToken?: string;
    readonly apiUrl?: string;
  };
}

const schema = z.object({
  [POLICY_FILE_VARIABLE]: z.string().min(1).default(DEFAULT_POLICY_FILE),
  AzureWebJobsScriptRoot: z.string().min(1).optional(),
  AzureWebJobsStorage: z.string().min(1).optional(),
  AzureWebJobsStorage__tableServiceUri: z.url().optional(),
  AzureWebJobsStorage__queueServiceUri: z.url().optional(),
  AzureWebJobsStorage__clientId: z.string().min(1).optional(),
  GPU_WARDEN_ARM_ENDPOINT: z.url({ protocol: /^https$/ }).optional(),
  GPU_WARDEN_ARM_CA_FILE: z.string().min(1).optional(),
  GPU_WARDEN_ARM_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(3),
  AZURE_CLIENT_ID: z.string().min(1).optional(),
  SLACK_SIGNING_SECRET: z.string().min(1).optional(),
  SLACK_BOT_TOKEN: z.string().min(1).optional(),
  SLACK_API_URL: z.url({ protocol: /^https$/ }).optional(),
});

export class EnvError extends Error {
  override readonly name = "EnvError";
}

/** Parses the app settings; throws {@link EnvError} naming every bad setting. */
export function readEnv(env: Readonly<Record<string, string | undefined>> = process.env): AppEnv {
  // An app setting that is present but empty means "not set".
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ""));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new EnvError(`invalid app settings:\n${problems.join("\n")}`);
  }
  const e = parsed.data;
  return Object.freeze({
    policyFile: policyPath(e[POLICY_FILE_VARIABLE], e.AzureWebJobsScriptRoot),
    storage: storageSettings(e),
    arm: Object.freeze({
      maxRetries: e.GPU_WARDEN_ARM_MAX_RETRIES,
      ...(e.GPU_WARDEN_ARM_ENDPOINT ? { endpoint: e.GPU_WARDEN_ARM_ENDPOINT } : {}),
      ...(e.GPU_WARDEN_ARM_CA_FILE ? { caFile: e.GPU_WARDEN_ARM_CA_FILE } : {}),
      ...(e.AZURE_CLIENT_ID ? { clientId: e.AZURE_CLIENT_ID } : {}),
    }),
    slack: Object.freeze({
      ...(e.SLACK_SIGNING_SECRET ? { signingSecret: e.SLACK_SIGNING_SECRET } : {}),
      ...(e.SLACK_BOT_TOKEN ? { botToken: e.SLACK_BOT_TOKEN } : {}),
      ...(e.SLACK_API_URL ? { apiUrl: e.SLACK_API_URL } : {}),
    }),
  });
}

/**
 * The Functions worker does not always run in the app folder (it changes directory only on an
 * environment reload), so a relative policy path is read from the folder the host names.
 */
function policyPath(file: string, scriptRoot: string | undefined): string {
  return scriptRoot === undefined || isAbsolute(file) ? file : resolve(scriptRoot, file);
}

function storageSettings(e: z.infer<typeof schema>): StorageSettings | null {
  if (e.AzureWebJobsStorage__tableServiceUri && e.AzureWebJobsStorage__queueServiceUri) {
    return {
      kind: "identity",
      tableServiceUri: e.AzureWebJobsStorage__tableServiceUri,
      queueServiceUri: e.AzureWebJobsStorage__queueServiceUri,
      ...(e.AzureWebJobsStorage__clientId ? { clientId: e.AzureWebJobsStorage__clientId } : {}),
    };
  }
  if (e.AzureWebJobsStorage) {
    return { kind: "connection-string", connectionString: e.AzureWebJobsStorage };
  }
  return null;
}
