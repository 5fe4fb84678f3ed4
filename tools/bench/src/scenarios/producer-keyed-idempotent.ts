import type { Scenario } from '../scenario';
import { runKeyedBatches } from './keyed-producer-workload';

/**
 * producer.keyed with kafkajs' idempotent producer instead of maxInFlightRequests: 1, to measure
 * what the choice costs (libs/kafka README, "Ordering and retries"). No target: it informs a default.
 */
export const producerKeyedIdempotent: Scenario = {
  name: 'producer.keyed-idempotent',
  description: 'producer.keyed with idempotent: true (kafkajs sequence numbers, per-broker lock)',
  metric: 'msgs_per_s',
  baseline: 'producer.raw',
  run: (ctx) => runKeyedBatches(ctx, { label: 'producer-keyed-idempotent', idempotent: true }),
};
