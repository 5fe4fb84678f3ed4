import type { Scenario } from '../scenario';
import { runManualCommit } from './consumer-manual-commit';

/** consumer.manual-commit with a commit request after every event: what the safest mode costs. Reported, no target. */
export const consumerManualCommitPerMessage: Scenario = {
  name: 'consumer.manual-commit-per-message',
  description:
    'our manual-commit consumer committing after every event (same workload as consumer.manual-commit)',
  metric: 'msgs_per_s',
  baseline: 'consumer.raw-autocommit',
  run: (ctx) => runManualCommit(ctx, 'manual-commit-per-message', { mode: 'message' }),
};
