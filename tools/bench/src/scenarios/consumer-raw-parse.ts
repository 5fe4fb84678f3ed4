import type { KafkaMessage } from 'kafkajs';
import type { Scenario } from '../scenario';
import { runRawConsumer } from '../workload';
import { fillWithCloudEvents } from './consumer-manual-commit';

/**
 * consumer.raw-envelope plus the one decoding step no consumer of these records can skip: parsing
 * each JSON value (a value that does not parse must go to the dead-letter topic, so every one is
 * parsed). Headers are not read: kafkajs decodes them into objects when read, which costs more
 * than our consumer spends reading the few it needs from the bytes (see libs/kafka/PERFORMANCE.md).
 * No envelope, schema check, handler or commit: the floor of consumer.manual-commit.
 */
export const consumerRawParse: Scenario = {
  name: 'consumer.raw-parse',
  description: 'kafkajs consumer: consumer.raw-envelope plus JSON.parse of each value',
  metric: 'msgs_per_s',
  async run(ctx) {
    const topic = await ctx.createTopic('consumer-raw-parse');
    await fillWithCloudEvents(ctx, topic);
    let parsed = 0;
    const result = await runRawConsumer(ctx, topic, 'consumer-raw-parse', (message) => {
      parsed += parseValue(message);
    });
    if (parsed < ctx.messages) throw new Error(`parsed ${parsed} of ${ctx.messages} JSON values`);
    return result;
  },
};

/** 1 for a record whose value is a JSON object; counted so the parse cannot be skipped. */
export function parseValue(message: KafkaMessage): number {
  const data: unknown = JSON.parse(message.value!.toString());
  return typeof data === 'object' && data !== null ? 1 : 0;
}
