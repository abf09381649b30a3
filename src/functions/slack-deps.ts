/**
 * @module The Slack functions' dependencies: built once per process from the shared runtime.
 */
import type { SlackDeps } from "../app/slack/context.js";
import { slackDepsOf } from "../composition.js";
import { getRuntime } from "./runtime.js";

let deps: Promise<SlackDeps> | undefined;

export type SlackDepsProvider = () => Promise<SlackDeps>;

export const getSlackDeps: SlackDepsProvider = () => {
  deps ??= getRuntime()
    .then((rt) => slackDepsOf(rt))
    .catch((error: unknown) => {
      deps = undefined;
      throw error;
    });
  return deps;
};
