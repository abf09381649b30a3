/**
 * @module The operations queue port: work that leaves the HTTP path (SPEC §10, §11), and the
 * message contract. The adapter (`src/storage/operation-queue.ts`) sends base64-encoded JSON, as
 * the Functions queue trigger expects by default (host.json `messageEncoding: base64`).
 */
import * as z from "zod";

/** The queue the `operations` function is triggered by. */
export const OPERATIONS_QUEUE = "gpu-warden-operations";

/** Where to report an operation's progress and result. */
export const notifySchema = z.strictObject({
  /** The Slack `response_url` of the request (30 minutes, 5 uses). */
  responseUrl: z.url({ protocol: /^https$/ }).optional(),
  /** The group channel for the public announcement. */
  channel: z.string().min(1).optional(),
});

export const operationMessageSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("cluster-action"),
    action: z.enum(["start", "stop"]),
    clusterId: z.string().min(1),
    requestedBy: z.string().min(1),
    reason: z.string().default(""),
    notify: notifySchema.optional(),
  }),
  /** Put back a cluster's scaled-down GPU pools (`/gpu wake`, `/gpu start` on a running cluster). */
  z.strictObject({
    type: z.literal("restore-pools"),
    clusterId: z.string().min(1),
    requestedBy: z.string().min(1),
    reason: z.string().default(""),
    notify: notifySchema.optional(),
  }),
]);

export type OperationMessage = z.input<typeof operationMessageSchema>;
export type ParsedOperationMessage = z.output<typeof operationMessageSchema>;
export type Notify = z.output<typeof notifySchema>;

export interface OperationQueue {
  send(message: OperationMessage): Promise<void>;
}
