/**
 * @module The operations queue on Azure Queue storage (`@azure/storage-queue`). Messages are JSON,
 * base64-encoded: the Functions queue trigger decodes base64 by default, and a plain message would
 * end in the poison queue. `receive`/`complete` serve `gpu-warden serve`, which stands in for the
 * queue trigger locally.
 */
import type { TokenCredential } from "@azure/core-auth";
import { QueueClient, QueueServiceClient } from "@azure/storage-queue";
import { OPERATIONS_QUEUE, type OperationMessage, type OperationQueue } from "../ports/queue.js";

export type QueueConnection =
  | { readonly connectionString: string }
  | { readonly endpoint: string; readonly credential: TokenCredential };

export interface ReceivedMessage {
  readonly body: unknown;
  readonly dequeueCount: number;
  /** Deletes the message: it was handled (or is hopeless). */
  complete(): Promise<void>;
}

export interface StorageOperationQueue extends OperationQueue {
  receive(max: number, visibilitySeconds: number): Promise<ReceivedMessage[]>;
}

export async function createOperationQueue(
  connection: QueueConnection,
  queueName = OPERATIONS_QUEUE,
): Promise<StorageOperationQueue> {
  const client: QueueClient =
    "connectionString" in connection
      ? new QueueClient(connection.connectionString, queueName)
      : new QueueServiceClient(connection.endpoint, connection.credential).getQueueClient(
          queueName,
        );
  await client.createIfNotExists();
  return {
    async send(message) {
      await client.sendMessage(encode(message));
    },
    async receive(max, visibilitySeconds) {
      const response = await client.receiveMessages({
        numberOfMessages: max,
        visibilityTimeout: visibilitySeconds,
      });
      return response.receivedMessageItems.map((item) => ({
        body: decode(item.messageText),
        dequeueCount: item.dequeueCount,
        complete: async () => {
          await client.deleteMessage(item.messageId, item.popReceipt);
        },
      }));
    },
  };
}

export function encode(message: OperationMessage): string {
  return Buffer.from(JSON.stringify(message), "utf8").toString("base64");
}

/** The body the queue trigger hands a function: parsed JSON, or the text when it is not JSON. */
export function decode(text: string): unknown {
  const json = Buffer.from(text, "base64").toString("utf8");
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return json;
  }
}
