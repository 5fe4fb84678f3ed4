import type { Scenario } from '../scenario';
import { runRelayDrain } from './outbox-relay-workload';

/**
 * The outbox relay's throughput from a pre-filled outbox, against producer.raw: what the relay
 * adds (read in batches, envelope, acks=all, delete in one statement: its defaults) costs at most
 * half the rate.
 */
export const outboxRelay: Scenario = {
  name: 'outbox.relay',
  description:
    'our relay draining a pre-filled Postgres outbox of ~1 KiB events (read, publish acks=all, delete: its defaults)',
  metric: 'msgs_per_s',
  baseline: 'producer.raw',
  target: '>= 0.5',
  bound: 'outbox.relay-bare',
  run: (ctx) => runRelayDrain(ctx, 'outbox-relay'),
};
