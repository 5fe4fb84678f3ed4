import type { Scenario } from '../scenario';
import { runKeyedSingles } from './keyed-producer-workload';

/** producer.keyed-single with kafkajs' idempotent producer: the other half of the ordering choice. */
export const producerKeyedSingleIdempotent: Scenario = {
  name: 'producer.keyed-single-idempotent',
  description:
    'producer.keyed-single with idempotent: true (kafkajs sequence numbers, per-broker lock)',
  metric: 'msgs_per_s',
  baseline: 'producer.raw-single',
  run: (ctx) =>
    runKeyedSingles(ctx, { label: 'producer-keyed-single-idempotent', idempotent: true }),
};
