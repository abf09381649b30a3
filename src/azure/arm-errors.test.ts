/**
 * @module Table test: every ARM failure the app meets maps to one coded error.
 */
import { RestError } from "@azure/core-rest-pipeline";
import { describe, expect, it } from "vitest";
import { ArmError } from "../ports/azure.js";
import { toArmError } from "./arm-errors.js";

describe("toArmError", () => {
  it.each([
    [409, "OperationNotAllowed", "OperationNotAllowed"],
    [400, "OperationNotAllowed", "OperationNotAllowed"],
    [400, "InvalidParameter", "InvalidParameter"],
    [404, "ResourceNotFound", "NotFound"],
    [412, "PreConditionFailed", "PreconditionFailed"],
    [429, "Throttled", "Throttled"],
    [403, "AuthorizationFailed", "AccessDenied"],
    [503, "ServiceUnavailable", "Transient"],
    [500, "InternalServerError", "Transient"],
    [418, "Teapot", "Unknown"],
  ])("HTTP %i %s becomes %s", (statusCode, code, expected) => {
    const mapped = toArmError(new RestError("boom", { statusCode, code }), "stop dev-a100");
    expect(mapped).toBeInstanceOf(ArmError);
    expect(mapped.code).toBe(expected);
    expect(mapped.status).toBe(statusCode);
    expect(mapped.message).toBe("stop dev-a100: boom");
  });

  it("a request that never got an answer is transient", () => {
    expect(toArmError(new RestError("socket hang up", { code: "ECONNRESET" }), "x").code).toBe(
      "Transient",
    );
    expect(toArmError(new Error("timeout"), "x").code).toBe("Transient");
  });
});
