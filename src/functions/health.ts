/**
 * @module `health` — HTTP GET /api/health: the app is loaded and its settings parse.
 */
import {
  app,
  type HttpRequest,
  type HttpResponseInit,
  type InvocationContext,
} from "@azure/functions";
import { getRuntime, type RuntimeProvider } from "./runtime.js";

export function makeHealthHandler(runtime: RuntimeProvider) {
  return async (_request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    try {
      const rt = await runtime();
      return { status: 200, jsonBody: { status: "ok", groups: rt.policy.groups.length } };
    } catch (error) {
      context.error(error);
      const message = error instanceof Error ? error.message : String(error);
      return { status: 503, jsonBody: { status: "unavailable", error: message } };
    }
  };
}

app.http("health", {
  methods: ["GET"],
  authLevel: "anonymous",
  route: "health",
  handler: makeHealthHandler(getRuntime),
});
