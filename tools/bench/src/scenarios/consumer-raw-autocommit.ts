import { Partitioners } from 'kafkajs';
import type { Scenario } from '../scenario';
import { fillTopic, runRawConsumer } from '../workload';

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
    return runRawConsumer(ctx, topic, 'consumer-raw');
  },
};
