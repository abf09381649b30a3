/**
 * @module The Slack port when no bot token is configured: nothing is posted, user groups have no
 * members (so nobody is authorized through one), and response URLs and file uploads are not called.
 */
import type { SlackPort } from "../ports/slack.js";

export const disabledSlack: SlackPort = {
  post: (channel) => Promise.resolve({ channel, ts: "0" }),
  update: () => Promise.resolve(),
  respond: () => Promise.resolve(),
  usergroupMembers: () => Promise.resolve([]),
  uploadFile: () => Promise.resolve({ id: "F0" }),
};
