/**
 * @module `slack-interaction` — HTTP POST /api/slack/interaction (anonymous; signature-verified):
 * clicks on the warning buttons.
 */
import {
  app,
  type HttpRequest,
  type HttpResponseInit,
  type InvocationContext,
} from "@azure/functions";
import { handleInteraction } from "../app/slack/interaction.js";
import { getSlackDeps, type SlackDepsProvider } from "./slack-deps.js";
import { toHttpResponse, toSlackRequest } from "./slack-http.js";

export function makeSlackInteractionHandler(
  deps: SlackDepsProvider,
  clock: () => Date = () => new Date(),
) {
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    const reply = await handleInteraction(await toSlackRequest(request), await deps(), clock());
    if (typeof reply.body === "string") {
      context.warn(`slack interaction refused: ${reply.status} ${reply.body}`);
    }
    return toHttpResponse(reply);
  };
}

app.http("slack-interaction", {
  methods: ["POST"],
  authLevel: "anonymous",
  route: "slack/interaction",
  handler: makeSlackInteractionHandler(getSlackDeps),
});
