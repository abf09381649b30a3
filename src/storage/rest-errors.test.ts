/** @module How SDK failures map onto store error codes. */
import { RestError } from "@azure/data-tables";
import { describe, expect, it } from "vitest";
import { StoreError } from "../ports/state-store.js";
import { fromRestError } from "./rest-errors.js";

const rest = (statusCode: number | undefined, code?: string, message = "boom"): RestError =>
  new RestError(message, {
    ...(statusCode === undefined ? {} : { statusCode }),
    ...(code === undefined ? {} : { code }),
  });

describe("fromRestError", () => {
  it.each([
    [404, "ResourceNotFound", "NotFound"],
    [404, "TableNotFound", "StoreUnavailable"],
    [409, "EntityAlreadyExists", "AlreadyExists"],
    [409, "TableBeingDeleted", "StoreUnavailable"],
    [412, "UpdateConditionNotSatisfied", "PreconditionFailed"],
    [400, "PropertyValueTooLarge", "TooLarge"],
    [413, "RequestBodyTooLarge", "TooLarge"],
    [400, "OutOfRangeInput", "InvalidInput"],
    [403, "AuthorizationFailure", "AccessDenied"],
    [401, undefined, "AccessDenied"],
    [429, undefined, "StoreUnavailable"],
    [503, "ServerBusy", "StoreUnavailable"],
    [undefined, "ECONNREFUSED", "StoreUnavailable"],
  ] as const)("%s %s → %s", (status, code, expected) => {
    expect(fromRestError(rest(status, code), "op").code).toBe(expected);
  });

  it("reads the service code and message from an OData body in the message", () => {
    const body = `{"odata.error":{"code":"TableNotFound","message":{"lang":"en-US","value":"The table specified does not exist.\\nRequestId:1"}}}`;
    const error = fromRestError(rest(404, undefined, body), "get t");
    expect(error.code).toBe("StoreUnavailable");
    expect(error.message).toBe("get t: 404 TableNotFound The table specified does not exist.");
  });

  it("passes store errors through and wraps anything else as unavailable", () => {
    const own = new StoreError("Contention", "x");
    expect(fromRestError(own, "op")).toBe(own);
    expect(fromRestError(new TypeError("socket hang up"), "op").code).toBe("StoreUnavailable");
  });
});
