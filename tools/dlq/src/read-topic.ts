import { randomBytes } from 'node:crypto';
import type { Admin, Kafka } from 'kafkajs';
import type { DeadLetter } from './dead-letters';
import { DlqInterruptedError } from './errors';

/**
 * Every record of `topic` up to its current end, in partition and offset order. Reads with a
 * throwaway group that never commits and is deleted afterwards, so the tool never moves a
 * service's offsets and two runs never share partitions.
 */
export async function readTopic(
  kafka: Kafka,
  admin: Admin,
  topic: string,
  { timeoutMs = 60_000, signal }: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<DeadLetter[]> {
  const ends = new Map<number, bigint>();
  for (const { partition, high, low } of await admin.fetchTopicOffsets(topic)) {
    if (BigInt(high) > BigInt(low)) ends.set(partition, BigInt(high));
  }
  if (ends.size === 0) return [];
  const groupId = `dlq-reader-${randomBytes(4).toString('hex')}`;
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 200 });
  const records: DeadLetter[] = [];
  const pending = new Set(ends.keys());
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `Timed out after ${timeoutMs} ms reading ${topic}; partitions ${[...pending].join(', ')} did not reach their end.`,
            ),
          ),
        timeoutMs,
      );
      // Ctrl-C while reading: nothing was sent yet, stop now rather than at the end of the topic.
      const interrupted = (): void => {
        clearTimeout(timer);
        reject(
          new DlqInterruptedError(`Interrupted while reading ${topic}; nothing was replayed.`),
        );
      };
      if (signal?.aborted) interrupted();
      signal?.addEventListener('abort', interrupted, { once: true });
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            const end = ends.get(partition);
            if (end === undefined || BigInt(message.offset) >= end) return;
            records.push({
              partition,
              offset: message.offset,
              key: message.key,
              value: message.value,
              headers: message.headers,
            });
            if (BigInt(message.offset) === end - 1n) pending.delete(partition);
            if (pending.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
  }
  return records.sort(
    (a, b) => a.partition - b.partition || (BigInt(a.offset) < BigInt(b.offset) ? -1 : 1),
  );
}
