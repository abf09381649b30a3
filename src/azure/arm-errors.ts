/**
 * @module The one place where SDK errors become {@link ArmError}s: by HTTP status first, then by
 * the ARM error code in the body.
 */
import { isRestError } from "@azure/core-rest-pipeline";
import { ArmError, type ArmErrorCode } from "../ports/azure.js";

export function toArmError(error: unknown, what: string): ArmError {
  if (error instanceof ArmError) return error;
  if (isRestError(error)) {
    const status = error.statusCode;
    const code = codeFor(status, error.code);
    const message = `${what}: ${error.message || error.code || `HTTP ${status ?? "?"}`}`;
    return new ArmError(code, message, status, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ArmError("Transient", `${what}: ${message}`, undefined, { cause: error });
}

function codeFor(status: number | undefined, armCode: string | undefined): ArmErrorCode {
  const named = armCode?.toLowerCase();
  if (status === undefined) return "Transient"; // the request never got an answer
  if (status === 409) return "OperationNotAllowed";
  if (status === 404) return "NotFound";
  if (status === 429) return "Throttled";
  if (status === 412) return "PreconditionFailed";
  if (status === 401 || status === 403) return "AccessDenied";
  if (status === 400)
    return named === "operationnotallowed" ? "OperationNotAllowed" : "InvalidParameter";
  if (status === 408 || status >= 500) return "Transient";
  return "Unknown";
}
