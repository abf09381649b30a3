/**
 * @module Step 2 of Slack's files upload v2: POST the raw bytes to the `upload_url` that
 * `files.getUploadURLExternal` handed out. The URL must be `https:` on Slack's file host
 * (`files.slack.com`) or the configured API host (the emulator): bytes never go anywhere else.
 * Any answer but 200 is a failure (Slack's rule); a 429 with `Retry-After` within the cap is
 * retried; failures become `SlackError`s like every other call.
 */
import { checkSlackUrl, postToSlack, type ResponsePoster } from "./response-url.js";

/** The only host real Slack hands out upload URLs on. */
export const SLACK_FILES_HOST = "files.slack.com";

export function checkUploadUrl(raw: string, allowedHosts: readonly string[]): URL {
  return checkSlackUrl(raw, allowedHosts, "upload_url");
}

/** POSTs `bytes` to the upload URL; resolves once Slack answered 200. */
export async function postUploadBytes(
  poster: ResponsePoster,
  uploadUrl: string,
  bytes: Uint8Array,
): Promise<void> {
  const url = checkUploadUrl(uploadUrl, [SLACK_FILES_HOST, ...poster.allowedHosts]);
  await postToSlack(poster, url, "upload_url", {
    contentType: "application/octet-stream",
    body: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    accepted: (status) => status === 200,
  });
}
