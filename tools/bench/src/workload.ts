import type { Producer } from 'kafkajs';
import type { BenchMessage, ScenarioContext } from './scenario';

/** The producer workload every producer scenario shares, so their ratios compare like with like. */
export const SEND_BATCH_SIZE = 100;
/**
 * `send` calls awaiting their acks at once. One at a time would measure the round trip, not the
 * client; a few in flight keep the broker busy the way a service with concurrent requests does.
 */
export const SENDS_IN_FLIGHT = 4;

export interface SendInBatchesOptions {
  total: number;
  message: (index: number) => BenchMessage;
  send: (messages: BenchMessage[]) => Promise<unknown>;
  batchSize?: number;
  inFlight?: number;
}

/**
 * Sends messages 0..total-1 in batches of `batchSize`, batches started in order, at most
 * `inFlight` of them unacknowledged at any time. Rejects with the first failed send.
 */
export async function sendInBatches({
  total,
  message,
  send,
  batchSize = SEND_BATCH_SIZE,
  inFlight = SENDS_IN_FLIGHT,
}: SendInBatchesOptions): Promise<void> {
  for (const [name, value] of [
    ['batchSize', batchSize],
    ['inFlight', inFlight],
  ] as const) {
    if (!Number.isInteger(value) || value <= 0)
      throw new RangeError(`Invalid ${name}, expected a positive integer received ${value}`);
  }
  let next = 0;
  let failed = false;
  const lane = async (): Promise<void> => {
    while (next < total && !failed) {
      const start = next;
      next = Math.min(total, start + batchSize);
      const batch: BenchMessage[] = [];
      for (let i = start; i < next; i++) batch.push(message(i));
      try {
        await send(batch);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
}

/** Fills a topic with ctx.messages benchmark messages (acks=all); for consumer scenarios, never timed. */
export async function fillTopic(
  ctx: ScenarioContext,
  producer: Producer,
  topic: string,
): Promise<void> {
  await sendInBatches({
    total: ctx.messages,
    message: (i) => ctx.message(i),
    send: (messages) => producer.send({ topic, acks: -1, messages }),
    batchSize: 1000,
  });
}
