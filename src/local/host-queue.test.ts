/**
 * @module The local queue trigger: handled messages are deleted; a failure is left for a retry;
 * the 3rd failed attempt, or a message dequeued more often than that, is moved aside as poison.
 */
import { describe, expect, it } from "vitest";
import type { ReceivedMessage } from "../storage/operation-queue.js";
import { startQueueWorker, type QueueSource } from "./host-queue.js";

interface Fake extends QueueSource {
  readonly completed: unknown[];
}

function queueOf(...messages: { body: unknown; dequeueCount: number }[]): Fake {
  const completed: unknown[] = [];
  let pending = [...messages];
  return {
    completed,
    receive: (max) => {
      const batch = pending.slice(0, max);
      pending = pending.slice(max);
      return Promise.resolve(
        batch.map((m): ReceivedMessage => ({
          ...m,
          complete: () => Promise.resolve(void completed.push(m.body)),
        })),
      );
    },
  };
}

async function drain(queue: Fake, handle: (body: unknown) => Promise<void>): Promise<string[]> {
  const logs: string[] = [];
  const worker = startQueueWorker({ name: "operations", queue, handle, log: (l) => logs.push(l) });
  await new Promise((resolve) => setTimeout(resolve, 50));
  await worker.stop();
  return logs;
}

describe("queue worker", () => {
  it("deletes a message once its handler succeeded", async () => {
    const queue = queueOf({ body: { n: 1 }, dequeueCount: 1 });
    const handled: unknown[] = [];
    const logs = await drain(queue, (body) => Promise.resolve(void handled.push(body)));
    expect(handled).toEqual([{ n: 1 }]);
    expect(queue.completed).toEqual([{ n: 1 }]);
    expect(logs).toEqual([expect.stringMatching(/^operations done \d+ms \(attempt 1\/3\)$/)]);
  });

  it("leaves a failed message for a retry, and moves it aside after the 3rd attempt", async () => {
    const queue = queueOf(
      { body: { n: 1 }, dequeueCount: 1 },
      { body: { n: 3 }, dequeueCount: 3 },
      { body: { n: 4 }, dequeueCount: 4 },
    );
    const handled: unknown[] = [];
    const logs = await drain(queue, (body) => {
      handled.push(body);
      return Promise.reject(new Error("ARM is down"));
    });
    expect(handled).toEqual([{ n: 1 }, { n: 3 }]); // the 4th dequeue is not handled again
    expect(queue.completed).toEqual(expect.arrayContaining([{ n: 3 }, { n: 4 }]));
    expect(queue.completed).toHaveLength(2);
    expect(logs.sort()).toEqual([
      expect.stringMatching(
        /^operations failed \d+ms \(attempt 1\/3; retried in 30s\): ARM is down$/,
      ),
      'operations: poison message moved aside (attempt 3/3 failed: ARM is down): {"n":3}',
      'operations: poison message moved aside (dequeued too often): {"n":4}',
    ]);
  });

  it("keeps polling when the queue cannot be read, and says so once", async () => {
    let calls = 0;
    const queue: Fake = {
      completed: [],
      receive: () => {
        calls += 1;
        return Promise.reject(new Error("ECONNREFUSED"));
      },
    };
    const logs: string[] = [];
    const worker = startQueueWorker({
      name: "operations",
      queue,
      handle: () => Promise.resolve(),
      log: (l) => logs.push(l),
      pollMs: 5,
    });
    await new Promise((resolve) => setTimeout(resolve, 60));
    await worker.stop();
    expect(calls).toBeGreaterThan(2);
    expect(logs).toEqual(["operations: cannot read the queue: ECONNREFUSED"]);
  });
});
