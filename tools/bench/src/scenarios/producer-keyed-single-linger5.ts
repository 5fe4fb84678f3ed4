import type { Scenario } from '../scenario';
import { runKeyedSingles } from './keyed-producer-workload';

/**
 * producer.keyed-single with a 5 ms linger (Java's linger.ms default since Kafka 4.0) instead of our
 * default 0 (end of the event-loop turn): what a clock-based linger costs callers who wait for acks.
 */
export const producerKeyedSingleLinger5: Scenario = {
  name: 'producer.keyed-single-linger5',
  description: 'producer.keyed-single with lingerMs: 5 instead of 0',
  metric: 'msgs_per_s',
  baseline: 'producer.raw-single',
  run: (ctx) => runKeyedSingles(ctx, { label: 'producer-keyed-single-linger5', lingerMs: 5 }),
};
