/**
 * @module Step 2 of Slack's files upload v2: POST the raw bytes to the `upload_url` that
 * `files.getUploadURLExternal` handed out. The URL must be `https:` on Slack's file host
 * (`files.slack.com`) or the configured API host (the emulator): bytes never go anywhere else.
 * Any answer but 200 is a failure (Slack's rule); a 429 with `Retry-After` within the cap is
 * retried; failures become `SlackError`s like every other call.
 */
import { SlackError } from "../ports/slack.js";
import { SlackHttpStatusError, toSlackError } from "./slack-errors.js";
import { httpsRequest, retryAfterHeader } from "./web-api-https.js";
import { withRateLimitRetry } from "./web-api-retry.js";
import type { ResponsePoster } from "./response-url.js";

/** The only host real Slack hands out upload URLs on. */
export const SLACK_FILES_HOST = "files.slack.com";

export function checkUploadUrl(raw: string, allowedHosts: readonly string[]): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new SlackError("Unknown", "upload_url refused: not a URL");
  }
  const host = url.host.toLowerCase();
  if (url.protocol !== "https:" || url.username !== "" || url.password !== "") {
    throw new SlackError("NotAuthorized", `upload_url refused: ${url.protocol}//${host}`);
  }
  if (!allowedHosts.some((allowed) => allowed.toLowerCase() === host)) {
    throw new SlackError("NotAuthorized", `upload_url refused: ${host} is not a Slack host`);
  }
  return url;
}

/** POSTs `bytes` to the upload URL; resolves once Slack answered 200. */
export async function postUploadBytes(
  poster: ResponsePoster,
  uploadUrl: string,
  bytes: Uint8Array,
): Promise<void> {
  const url = checkUploadUrl(uploadUrl, [SLACK_FILES_HOST, ...poster.allowedHosts]);
  const body = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    await withRateLimitRetry(async () => {
      const answer = await httpsRequest(url, {
        method: "POST",
        headers: { "content-type": "application/octet-stream" },
        body,
        agent: poster.agent,
        timeoutMs: poster.timeoutMs,
      });
      if (answer.status !== 200) {
        throw new SlackHttpStatusError(
          answer.status,
          answer.text,
          retryAfterHeader(answer.headers),
        );
      }
    }, poster.rateLimit);
  } catch (e) {
    throw toSlackError(e, "upload_url");
  }
}
