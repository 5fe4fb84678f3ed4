import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';

/**
 * Reads a topic from the beginning with a throwaway group until every wanted key was seen (or
 * the time is up) and returns how many messages each wanted key has there.
 */
export async function countKeysOnTopic(
  brokers: readonly string[],
  topic: string,
  keys: readonly string[],
  timeoutMs = 30_000,
): Promise<Map<string, number>> {
  const wanted = new Set(keys);
  const counts = new Map<string, number>();
  const groupId = `demo-reader-${randomUUID()}`;
  const kafka = new Kafka({ brokers: [...brokers], clientId: groupId, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 200 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      void consumer.run({
        eachMessage: async ({ message }) => {
          const key = message.key?.toString() ?? '';
          if (!wanted.has(key)) return;
          counts.set(key, (counts.get(key) ?? 0) + 1);
          if (counts.size === wanted.size) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
    // A throwaway group: gone with its reader.
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
  return counts;
}
