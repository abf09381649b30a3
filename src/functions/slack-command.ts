/**
 * @module `slack-command` — HTTP POST /api/slack/command (anonymous; every request is
 * signature-verified): `/gpu …`, answered within Slack's 3 seconds.
 */
import {
  app,
  type HttpRequest,
  type HttpResponseInit,
  type InvocationContext,
} from "@azure/functions";
import { handleSlackCommand } from "../app/slack/command.js";
import { getSlackDeps, type SlackDepsProvider } from "./slack-deps.js";
import { toHttpResponse, toSlackRequest } from "./slack-http.js";

export function makeSlackCommandHandler(
  deps: SlackDepsProvider,
  clock: () => Date = () => new Date(),
) {
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    const reply = await handleSlackCommand(await toSlackRequest(request), await deps(), clock());
    if (typeof reply.body === "string") {
      context.warn(`slack command refused: ${reply.status} ${reply.body}`);
    }
    return toHttpResponse(reply);
  };
}

app.http("slack-command", {
  methods: ["POST"],
  authLevel: "anonymous",
  route: "slack/command",
  handler: makeSlackCommandHandler(getSlackDeps),
});
