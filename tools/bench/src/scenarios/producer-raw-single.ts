import { Partitioners } from 'kafkajs';
import type { Scenario } from '../scenario';
import { messagesPerSecond } from '../stats';
import { sendInBatches } from '../workload';
import { SINGLE_SEND_CALLERS } from './keyed-producer-workload';

/**
 * Baseline for one-event-per-request services: stock kafkajs, 64 concurrent callers, each awaiting
 * one `send` of one keyed 1 KiB message (acks=all) before sending the next. Timed from the first
 * send to the last ack.
 */
export const producerRawSingle: Scenario = {
  name: 'producer.raw-single',
  description:
    'kafkajs producer: 64 concurrent callers, one keyed 1 KiB message per send, acks=all',
  metric: 'msgs_per_s',
  async run(ctx) {
    const topic = await ctx.createTopic('producer-raw-single');
    const producer = ctx
      .kafka('producer-raw-single')
      .producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    try {
      const started = performance.now();
      await sendInBatches({
        total: ctx.messages,
        message: (i) => ctx.message(i),
        send: (messages) => producer.send({ topic, acks: -1, messages }),
        batchSize: 1,
        inFlight: SINGLE_SEND_CALLERS,
      });
      return { value: messagesPerSecond(ctx.messages, performance.now() - started) };
    } finally {
      await producer.disconnect();
    }
  },
};
