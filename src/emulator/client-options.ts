/**
 * @module Pointing the official Azure SDK clients at the emulator — over HTTPS, trusting the
 * emulator's test certificate through client options only (no NODE_TLS_REJECT_UNAUTHORIZED, no
 * NODE_EXTRA_CA_CERTS):
 * every SDK on `@azure/core-client` or `@azure-rest/core-client` (`@azure/arm-containerservice`
 * 24.x, `@azure/arm-resourcegraph` 5.x, and later Cost Management, Consumption, Monitor clients)
 * takes `endpoint` + `tlsOptions: { ca }`: core-rest-pipeline's `createPipelineFromOptions` adds
 * its `tlsPolicy`, and its Node HTTP client builds an `https.Agent` with those TLS settings.
 * A static bearer token is enough: the emulator accepts any; the SDKs only insist on HTTPS
 * (`bearerTokenAuthenticationPolicy` refuses plain-HTTP URLs).
 */
import type { ContainerServiceClientOptionalParams } from "@azure/arm-containerservice";
import type { ResourceGraphClientOptionalParams } from "@azure/arm-resourcegraph";
import type { AccessToken, TokenCredential } from "@azure/identity";

/** Where the emulator listens and the CA certificate (PEM) to trust. */
export interface EmulatorEndpoint {
  readonly url: string;
  readonly caCertificate: string;
}

/** A `TokenCredential` that always returns the same bearer token (valid for an hour). */
export function staticTokenCredential(token = "gpu-warden-emulator-token"): TokenCredential {
  return {
    getToken: (): Promise<AccessToken> =>
      Promise.resolve({ token, expiresOnTimestamp: Date.now() + 3_600_000, tokenType: "Bearer" }),
  };
}

/** Options for any `@azure/core-client` based SDK client. */
export interface CoreClientEmulatorOptions {
  readonly endpoint: string;
  readonly tlsOptions: { readonly ca: string };
}

export interface EmulatorClientOptions {
  /** The emulator's base URL (`https://127.0.0.1:<port>`), used as the ARM endpoint. */
  readonly endpoint: string;
  readonly credential: TokenCredential;
  /** For `new ContainerServiceClient(credential, subscriptionId, containerService)`. */
  readonly containerService: ContainerServiceClientOptionalParams;
  /** For `new ResourceGraphClient(credential, resourceGraph)`. */
  readonly resourceGraph: ResourceGraphClientOptionalParams;
  /** For other core-client SDKs (Cost Management, Consumption, Monitor): spread into their options. */
  readonly coreClient: CoreClientEmulatorOptions;
}

/** Everything a composition root needs to build SDK clients against the emulator. */
export function emulatorClientOptions(emulator: EmulatorEndpoint): EmulatorClientOptions {
  const ca = emulator.caCertificate;
  const coreClient: CoreClientEmulatorOptions = { endpoint: emulator.url, tlsOptions: { ca } };
  return {
    endpoint: emulator.url,
    credential: staticTokenCredential(),
    containerService: { ...coreClient, tlsOptions: { ca }, $host: emulator.url },
    resourceGraph: { ...coreClient, tlsOptions: { ca } },
    coreClient,
  };
}
