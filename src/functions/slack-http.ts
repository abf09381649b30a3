/**
 * @module The mapping shared by the two Slack HTTP functions: raw body and headers in, the use
 * case's reply out as an HTTP response. Nothing else happens here.
 */
import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import type { SlackReply } from "../app/slack/context.js";
import type { SlackRequest } from "../app/slack/verify-request.js";

export async function toSlackRequest(request: HttpRequest): Promise<SlackRequest> {
  return { rawBody: await request.text(), headers: request.headers };
}

export function toHttpResponse(reply: SlackReply): HttpResponseInit {
  if (reply.body === undefined) return { status: reply.status };
  if (typeof reply.body === "string") return { status: reply.status, body: reply.body };
  return { status: reply.status, jsonBody: reply.body };
}
