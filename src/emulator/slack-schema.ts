/**
 * @module The fleet file's optional `slack` key: user groups and their members, served by the
 * emulator's `usergroups.users.list`. Also the ID shapes the Slack stand-in accepts.
 *
 * ```yaml
 * slack:
 *   usergroups:
 *     S0MLENG01: [U0ALICE01, U0BOB0002]
 * ```
 */
import { z } from "zod";

/** Channel IDs the stand-in accepts: public `C…`, private `G…`, direct messages `D…`. */
export const SLACK_CHANNEL_ID = /^[CGD][A-Z0-9]{6,}$/;
export const SLACK_USERGROUP_ID = /^S[A-Z0-9]{6,}$/;
export const SLACK_USER_ID = /^[UW][A-Z0-9]{6,}$/;

const usergroupId = z.string().regex(SLACK_USERGROUP_ID, {
  error: "expected a user group id such as S0MLENG01",
});
const userId = z.string({ error: "expected a user id such as U0ALICE01" }).regex(SLACK_USER_ID, {
  error: "expected a user id such as U0ALICE01",
});

export const slackFleetSchema = z.strictObject({
  usergroups: z
    .record(usergroupId, z.array(userId, { error: "expected a list of user ids" }), {
      error: "expected a map of user group id → user ids",
    })
    .default({}),
});

export type SlackFleet = z.output<typeof slackFleetSchema>;
