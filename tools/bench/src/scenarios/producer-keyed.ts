import type { Scenario } from '../scenario';
import { runKeyedBatches } from './keyed-producer-workload';

/**
 * Our keyed producer on producer.raw's workload: `sendMany` batches of 100 ~1 KiB JSON events,
 * 4 calls in flight, acks=all. On top of raw kafkajs it validates each event, adds the 7 CloudEvents
 * headers and keeps one batch in flight for per-key order. Timed from the first send to the last ack.
 */
export const producerKeyed: Scenario = {
  name: 'producer.keyed',
  description: 'our producer: sendMany batches of 100 ~1 KiB events, 4 calls in flight, acks=all',
  metric: 'msgs_per_s',
  baseline: 'producer.raw',
  target: '>= 0.95',
  floor: 'producer.raw-headers',
  run: (ctx) => runKeyedBatches(ctx, { label: 'producer-keyed' }),
};
