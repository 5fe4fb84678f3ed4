import type { KafkaTransportOptions } from '../transport/kafka-transport-options';
import { KafkaConfigError } from '@platform/kafka';

/**
 * The transport settings a service takes from the environment, on top of its own defaults:
 * KAFKA_CREATE_DERIVED_TOPICS=true lets the consumer create its handlers' missing retry and
 * dead-letter topics at start (local development). Throws KafkaConfigError with an example.
 */
export function transportOptionsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): KafkaTransportOptions {
  const raw = env.KAFKA_CREATE_DERIVED_TOPICS?.trim();
  if (raw === undefined || raw === '') return {};
  if (raw !== 'true' && raw !== 'false') {
    throw new KafkaConfigError([
      `KAFKA_CREATE_DERIVED_TOPICS is "${raw}": expected true or false, e.g. KAFKA_CREATE_DERIVED_TOPICS=true`,
    ]);
  }
  return { createDerivedTopics: raw === 'true' };
}
