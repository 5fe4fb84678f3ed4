import type { Consumer } from 'kafkajs';
import type { Scenario, ScenarioContext } from '../scenario';
import { messagesPerSecond } from '../stats';
import { fillWithCloudEvents } from './consumer-manual-commit';

const CONSUME_TIMEOUT_MS = 120_000;

/**
 * consumer.raw-autocommit's consumer on consumer.manual-commit's records (CloudEvents headers,
 * JSON data): how much of the gap between those two is the record format, paid inside kafkajs,
 * rather than our consumer. A baseline of its own, for reading next to them.
 */
export const consumerRawEnvelope: Scenario = {
  name: 'consumer.raw-envelope',
  description:
    'kafkajs consumer: eachBatch, autoCommit on, on CloudEvents records (the manual-commit workload), no decoding',
  metric: 'msgs_per_s',
  async run(ctx) {
    const topic = await ctx.createTopic('consumer-raw-envelope');
    await fillWithCloudEvents(ctx, topic);
    const consumer = ctx
      .kafka('consumer-raw-envelope')
      .consumer({ groupId: ctx.groupId('consumer-raw-envelope') });
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      return { value: messagesPerSecond(ctx.messages, await consumeAll(ctx, consumer)) };
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
    consumer.on(consumer.events.GROUP_JOIN, () => (started ??= performance.now()));
    consumer
      .run({
        autoCommit: true,
        eachBatch: async ({ batch }) => {
          seen += batch.messages.length;
          if (seen >= ctx.messages) {
            clearTimeout(timer);
            const stopped = performance.now();
            resolve(stopped - (started ?? stopped));
          }
        },
      })
      .catch((error: unknown) => {
        clearTimeout(timer);
        reject(error);
      });
  });
}
