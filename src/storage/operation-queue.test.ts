/**
 * @module The operations queue on Azurite: messages are base64 JSON, as the queue trigger expects.
 */
import { QueueClient } from "@azure/storage-queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAzurite, type Azurite } from "./azurite.js";
import { createOperationQueue } from "./operation-queue.js";

let azurite: Azurite;
beforeAll(async () => {
  azurite = await startAzurite();
}, 60_000);
afterAll(async () => {
  await azurite.stop();
});

describe("operation queue", () => {
  const message = {
    type: "cluster-action",
    action: "start",
    clusterId:
      "/subscriptions/s/resourceGroups/r/providers/Microsoft.ContainerService/managedClusters/c",
    requestedBy: "U1",
  } as const;

  it("sends base64-encoded JSON that a queue trigger (or receive) decodes", async () => {
    const queue = await createOperationQueue(
      { connectionString: azurite.connectionString },
      "ops-a",
    );
    await queue.send(message);
    const raw = await new QueueClient(azurite.connectionString, "ops-a").peekMessages();
    const text = raw.peekedMessageItems[0]?.messageText ?? "";
    expect(JSON.parse(Buffer.from(text, "base64").toString("utf8"))).toEqual(message);
    const [received] = await queue.receive(1, 30);
    expect(received?.body).toEqual(message);
    expect(received?.dequeueCount).toBe(1);
    await received?.complete();
    expect(await queue.receive(1, 30)).toEqual([]);
  });
});
