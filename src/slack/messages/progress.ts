/**
 * @module Progress and results of an operation, through `response_url` and the group channel:
 * "dev-a100 is Running — took 6m12s", "dev-a100 is still Starting — 4m so far", failures with
 * the error.
 */
import type { SlackMessage } from "../../ports/slack.js";
import { assertNever } from "../../core/result.js";
import { section } from "../blocks.js";
import { formatSeconds } from "../text.js";
import { describeOperation, type OperationTarget } from "./operation.js";
import { errorBlock, type OperationError } from "./error-text.js";

export type ProgressInput = OperationTarget &
  (
    | { readonly outcome: "in-progress"; readonly elapsedSeconds: number }
    /** `tookSeconds` when known (pool operations are confirmed without a measured duration). */
    | { readonly outcome: "succeeded"; readonly tookSeconds?: number }
    | { readonly outcome: "failed"; readonly error: OperationError }
  );

export function progressMessage(input: ProgressInput): SlackMessage {
  const { doing, done } = describeOperation(input);
  switch (input.outcome) {
    case "in-progress": {
      const line = `${doing} — ${formatSeconds(input.elapsedSeconds)} so far`;
      return { text: line, blocks: [section(`:hourglass_flowing_sand: ${line}`)] };
    }
    case "succeeded": {
      const line =
        input.tookSeconds === undefined
          ? done
          : `${done} — took ${formatSeconds(input.tookSeconds)}`;
      return { text: line, blocks: [section(`:white_check_mark: ${line}`)] };
    }
    case "failed": {
      const line = `${doing} failed — ${errorBlock(input.error).summary}`;
      return {
        text: line,
        blocks: [section(`:x: ${doing} failed`), section(errorBlock(input.error).detail)],
      };
    }
    default:
      return assertNever(input);
  }
}
