import type { Scenario } from '../scenario';
import { runRelayDrain } from './outbox-relay-workload';

/**
 * outbox.relay with `onPublished: 'delete'`: the other end the outbox issue allows. Published
 * rows are deleted in the batch's statement instead of marked and kept for the retention period,
 * which spares Postgres a new ~1.2 KiB row version and its index entries per row. Measured next
 * to outbox.relay so the price of retention shows in the same run.
 */
export const outboxRelayDelete: Scenario = {
  name: 'outbox.relay-delete',
  description: 'outbox.relay with onPublished: delete (no retention of published rows)',
  metric: 'msgs_per_s',
  baseline: 'producer.raw',
  target: '>= 0.5',
  bound: 'outbox.relay-bare',
  run: (ctx) => runRelayDrain(ctx, 'outbox-relay-delete', 'delete'),
};
