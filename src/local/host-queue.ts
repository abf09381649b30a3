/**
 * @module The local host's queue trigger: polls the operations queue and calls the handler once
 * per message, as the Functions host does with host.json's settings — a batch of up to 4, each
 * message invisible for 30 s while it is handled; deleted on success; on failure left to reappear
 * and be retried, and after the 3rd failed attempt (`maxDequeueCount`) moved aside: deleted and
 * logged as poison, with its body (there is no poison queue locally).
 */
import type { ReceivedMessage } from "../storage/operation-queue.js";
import type { HostLog } from "./host-context.js";

export interface QueueSource {
  receive(max: number, visibilitySeconds: number): Promise<ReceivedMessage[]>;
}

export interface QueueWorkerOptions {
  readonly name: string;
  readonly queue: QueueSource;
  readonly handle: (body: unknown) => Promise<void>;
  readonly log: HostLog;
  /** Pause between polls when the queue was empty (default 1 s). */
  readonly pollMs?: number;
  /** host.json `batchSize` (default 4). */
  readonly batchSize?: number;
  /** host.json `visibilityTimeout` in seconds (default 30). */
  readonly visibilitySeconds?: number;
  /** host.json `maxDequeueCount` (default 3). */
  readonly maxDequeueCount?: number;
}

export interface QueueWorker {
  /** No further polls; resolves when the batch in progress has finished. */
  stop(): Promise<void>;
}

export const QUEUE_DEFAULTS = {
  pollMs: 1_000,
  batchSize: 4,
  visibilitySeconds: 30,
  maxDequeueCount: 3,
} as const;

export function startQueueWorker(options: QueueWorkerOptions): QueueWorker {
  const settings = { ...QUEUE_DEFAULTS, ...options };
  let stopped = false;
  let pending: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let receiveFailing = false;

  const poll = (): void => {
    pending = undefined;
    if (stopped) return;
    running = batch().finally(() => {
      running = undefined;
    });
    void running.then((received) => {
      if (stopped) return;
      if (received >= settings.batchSize) poll();
      else pending = setTimeout(poll, settings.pollMs);
    });
  };

  const batch = async (): Promise<number> => {
    let messages: ReceivedMessage[];
    try {
      messages = await options.queue.receive(settings.batchSize, settings.visibilitySeconds);
      if (receiveFailing) options.log(`${options.name}: queue reachable again`);
      receiveFailing = false;
    } catch (error) {
      if (!receiveFailing) options.log(`${options.name}: cannot read the queue: ${text(error)}`);
      receiveFailing = true;
      return 0;
    }
    await Promise.all(messages.map((message) => one(message)));
    return messages.length;
  };

  const one = async (message: ReceivedMessage): Promise<void> => {
    const attempt = `attempt ${message.dequeueCount}/${settings.maxDequeueCount}`;
    if (message.dequeueCount > settings.maxDequeueCount) {
      await poison(message, "dequeued too often");
      return;
    }
    const started = performance.now();
    try {
      await options.handle(message.body);
    } catch (error) {
      const ms = (performance.now() - started).toFixed(0);
      if (message.dequeueCount >= settings.maxDequeueCount) {
        await poison(message, `${attempt} failed: ${text(error)}`);
      } else {
        options.log(
          `${options.name} failed ${ms}ms (${attempt}; retried in ${settings.visibilitySeconds}s): ${text(error)}`,
        );
      }
      return;
    }
    options.log(`${options.name} done ${(performance.now() - started).toFixed(0)}ms (${attempt})`);
    await complete(message);
  };

  const poison = async (message: ReceivedMessage, why: string): Promise<void> => {
    options.log(
      `${options.name}: poison message moved aside (${why}): ${JSON.stringify(message.body)}`,
    );
    await complete(message);
  };

  const complete = async (message: ReceivedMessage): Promise<void> => {
    try {
      await message.complete();
    } catch (error) {
      options.log(`${options.name}: could not delete a handled message: ${text(error)}`);
    }
  };

  poll();
  return {
    stop: async () => {
      stopped = true;
      if (pending) clearTimeout(pending);
      await running;
    },
  };
}

function text(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
