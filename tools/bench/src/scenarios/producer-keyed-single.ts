import type { Scenario } from '../scenario';
import { runKeyedSingles } from './keyed-producer-workload';

/**
 * Our producer on producer.raw-single's workload: 64 concurrent callers, one `send` per event, each
 * awaiting its own ack; the producer coalesces the concurrent calls into batches.
 */
export const producerKeyedSingle: Scenario = {
  name: 'producer.keyed-single',
  description: 'our producer: 64 concurrent callers, one ~1 KiB event per send, coalesced',
  metric: 'msgs_per_s',
  baseline: 'producer.raw-single',
  target: '>= 5',
  floor: 'producer.raw-headers',
  run: (ctx) => runKeyedSingles(ctx, { label: 'producer-keyed-single' }),
};
