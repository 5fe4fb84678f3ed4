import type { Scenario } from '../scenario';
import { runRawConsumer } from '../workload';
import { fillWithCloudEvents } from './consumer-manual-commit';

/**
 * consumer.raw-autocommit's consumer on consumer.manual-commit's records (CloudEvents headers,
 * JSON data): how much of the gap between those two is the record format, paid inside kafkajs,
 * rather than our consumer. A baseline of its own, for reading next to them.
 */
export const consumerRawEnvelope: Scenario = {
  name: 'consumer.raw-envelope',
  description:
    'kafkajs consumer: eachBatch, autoCommit on, on CloudEvents records (the manual-commit workload), no decoding',
  metric: 'msgs_per_s',
  async run(ctx) {
    const topic = await ctx.createTopic('consumer-raw-envelope');
    await fillWithCloudEvents(ctx, topic);
    return runRawConsumer(ctx, topic, 'consumer-raw-envelope');
  },
};
