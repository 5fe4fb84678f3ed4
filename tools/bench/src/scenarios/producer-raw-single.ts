import type { Scenario } from '../scenario';
import { runRawProducer } from '../workload';
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
  run: (ctx) =>
    runRawProducer(ctx, {
      label: 'producer-raw-single',
      batchSize: 1,
      inFlight: SINGLE_SEND_CALLERS,
    }),
};
