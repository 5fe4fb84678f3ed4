import type { Scenario } from '../scenario';
import { runRawProducer } from '../workload';

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
  run: (ctx) => runRawProducer(ctx, { label: 'producer-raw' }),
};
