/**
 * @module Maps `@azure/data-tables` failures (`RestError` and network errors) onto the port's
 * {@link StoreErrorCode}s. Only the Table adapter uses it: SDK errors never leave the adapter.
 */
import { StoreError, type StoreErrorCode } from "../ports/state-store.js";

interface RestLike {
  readonly statusCode?: number;
  readonly code?: string;
  readonly message: string;
}

const isRestLike = (error: unknown): error is RestLike =>
  error instanceof Error && (error.name === "RestError" || "statusCode" in error);

const TOO_LARGE = new Set(["EntityTooLarge", "PropertyValueTooLarge", "RequestBodyTooLarge"]);

function codeFor(status: number | undefined, code: string | undefined): StoreErrorCode {
  if (status === 413 || (code !== undefined && TOO_LARGE.has(code))) return "TooLarge";
  if (status === 404) return code === "TableNotFound" ? "StoreUnavailable" : "NotFound";
  if (status === 409) return code === "TableBeingDeleted" ? "StoreUnavailable" : "AlreadyExists";
  if (status === 412) return "PreconditionFailed";
  if (status === 400) return "InvalidInput";
  if (status === 401 || status === 403) return "AccessDenied";
  // 408, 429, 5xx and network errors (no status): transient.
  return "StoreUnavailable";
}

/** A coded {@link StoreError} for any error thrown by the SDK during `what`. */
export function fromRestError(error: unknown, what: string): StoreError {
  if (error instanceof StoreError) return error;
  if (!isRestLike(error)) {
    return new StoreError("StoreUnavailable", `${what}: ${String(error)}`, { cause: error });
  }
  // Single-entity calls leave `code` unset and put the OData error body in the message.
  const serviceCode = error.code ?? /"code"\s*:\s*"(\w+)"/.exec(error.message)?.[1];
  const text =
    /"value"\s*:\s*"((?:[^"\\]|\\.)*?)(?:\\n|")/.exec(error.message)?.[1] ?? error.message;
  const status = [error.statusCode, serviceCode].filter((part) => part !== undefined).join(" ");
  return new StoreError(
    codeFor(error.statusCode, serviceCode),
    `${what}: ${status === "" ? "" : `${status} `}${text.split("\n")[0] ?? ""}`,
    { cause: error },
  );
}
