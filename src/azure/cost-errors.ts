/**
 * @module The one place where Cost Management and Consumption SDK errors become
 * {@link CostError}s: by HTTP status (a 429 keeps the wait the service asked for).
 */
import { isRestError } from "@azure/core-rest-pipeline";
import { CostError, type CostErrorCode } from "../ports/costs.js";
import { retryAfterSeconds } from "./cost-throttle.js";

export function toCostError(error: unknown, what: string): CostError {
  if (error instanceof CostError) return error;
  if (isRestError(error)) {
    const status = error.statusCode;
    const message = `${what}: ${error.message || error.code || `HTTP ${String(status ?? "?")}`}`;
    const wait = error.response ? retryAfterSeconds(error.response.headers) : undefined;
    return new CostError(codeFor(status), message, status, {
      cause: error,
      ...(wait === undefined ? {} : { retryAfterSeconds: wait }),
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new CostError("Transient", `${what}: ${message}`, undefined, { cause: error });
}

function codeFor(status: number | undefined): CostErrorCode {
  if (status === undefined) return "Transient"; // the request never got an answer
  if (status === 429) return "Throttled";
  if (status === 404) return "NotFound";
  if (status === 401 || status === 403) return "AccessDenied";
  if (status === 400 || status === 422) return "Unsupported";
  if (status === 408 || status >= 500) return "Transient";
  return "Unknown";
}
