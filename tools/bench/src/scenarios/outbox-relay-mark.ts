import type { Scenario } from '../scenario';
import { runRelayDrain } from './outbox-relay-workload';

/**
 * outbox.relay with `onPublished: 'mark'`: published rows are marked in the batch's statement and
 * kept for the retention period instead of deleted, which costs Postgres a new ~1.2 KiB row
 * version and its index entries per row. Measured next to outbox.relay so the price of
 * retention shows in the same run; the target is on the default (outbox.relay), this
 * one is reported with the bound of a relay that marks.
 */
export const outboxRelayMark: Scenario = {
  name: 'outbox.relay-mark',
  description: 'outbox.relay with onPublished: mark (published rows kept for the retention)',
  metric: 'msgs_per_s',
  baseline: 'producer.raw',
  bound: 'outbox.relay-bare-mark',
  run: (ctx) => runRelayDrain(ctx, 'outbox-relay-mark', 'mark'),
};
