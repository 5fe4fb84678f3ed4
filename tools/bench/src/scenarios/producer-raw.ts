import { Partitioners } from 'kafkajs';
import type { Scenario } from '../scenario';
import { messagesPerSecond } from '../stats';
import { sendInBatches } from '../workload';

/**
 * Baseline for producers: stock kafkajs, keyed 1 KiB messages to 12 partitions, `send` batches of
 * 100 with acks=all, 4 batches in flight (see workload.ts). Timed from the first send to the last ack;
 * topic creation and connect are not timed.
 */
export const producerRaw: Scenario = {
  name: 'producer.raw',
  description:
    'kafkajs producer: keyed 1 KiB messages, send batches of 100, acks=all, 4 sends in flight',
  metric: 'msgs_per_s',
  async run(ctx) {
    const topic = await ctx.createTopic('producer-raw');
    const producer = ctx
      .kafka('producer-raw')
      .producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    try {
      const started = performance.now();
      await sendInBatches({
        total: ctx.messages,
        message: (i) => ctx.message(i),
        send: (messages) => producer.send({ topic, acks: -1, messages }),
      });
      return { value: messagesPerSecond(ctx.messages, performance.now() - started) };
    } finally {
      await producer.disconnect();
    }
  },
};
