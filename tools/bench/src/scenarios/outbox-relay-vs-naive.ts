import type { Scenario } from '../scenario';
import { runRelayDrain } from './outbox-relay-workload';

/** outbox.relay's run again, compared with the per-row relay: batching should be worth 10×. */
export const outboxRelayVsNaive: Scenario = {
  name: 'outbox.relay-vs-naive',
  description: 'outbox.relay again, compared with outbox.naive-relay (per-row send, await, update)',
  metric: 'msgs_per_s',
  baseline: 'outbox.naive-relay',
  target: '>= 10',
  run: (ctx) => runRelayDrain(ctx, 'outbox-relay-vs-naive'),
};
