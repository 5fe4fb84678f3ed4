import { type Consumer, Partitioners } from 'kafkajs';
import type { Scenario, ScenarioContext } from '../scenario';
import { messagesPerSecond } from '../stats';
import { fillTopic } from '../workload';

/** A run that has not seen every message by then is broken, not slow. */
const CONSUME_TIMEOUT_MS = 120_000;

/**
 * Baseline for consumers: stock kafkajs `eachBatch` with autoCommit on (kafkajs then commits after
 * every batch), a fresh group reading a pre-filled 12-partition topic from the beginning.
 * The fill is not timed. The clock starts when the consumer has joined its group and stops when the
 * last of the N messages reaches the handler (the commit that follows is not waited for).
 */
export const consumerRawAutocommit: Scenario = {
  name: 'consumer.raw-autocommit',
  description:
    'kafkajs consumer: eachBatch, autoCommit on, fresh group, pre-filled topic from the beginning',
  metric: 'msgs_per_s',
  async run(ctx) {
    const topic = await ctx.createTopic('consumer-raw');
    const producer = ctx
      .kafka('consumer-raw-fill')
      .producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    try {
      await fillTopic(ctx, producer, topic);
    } finally {
      await producer.disconnect();
    }

    const consumer = ctx.kafka('consumer-raw').consumer({ groupId: ctx.groupId('consumer-raw') });
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      const elapsedMs = await consumeAll(ctx, consumer);
      return { value: messagesPerSecond(ctx.messages, elapsedMs) };
    } finally {
      await consumer.disconnect();
    }
  },
};

function consumeAll(ctx: ScenarioContext, consumer: Consumer): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    let started: number | undefined;
    let seen = 0;
    const timer = setTimeout(
      () =>
        reject(new Error(`saw ${seen} of ${ctx.messages} messages in ${CONSUME_TIMEOUT_MS} ms`)),
      CONSUME_TIMEOUT_MS,
    );
    const settle = (outcome: () => void): void => {
      clearTimeout(timer);
      outcome();
    };
    consumer.on(consumer.events.GROUP_JOIN, () => (started ??= performance.now()));
    consumer.on(consumer.events.CRASH, ({ payload }) => settle(() => reject(payload.error)));
    consumer
      .run({
        autoCommit: true,
        eachBatch: async ({ batch }) => {
          seen += batch.messages.length;
          if (seen >= ctx.messages) {
            const stopped = performance.now();
            settle(() => resolve(stopped - (started ?? stopped)));
          }
        },
      })
      .catch((error: unknown) => settle(() => reject(error)));
  });
}
