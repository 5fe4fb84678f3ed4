import type { EventConsumerOptions } from '@platform/kafka';

/** Consumer settings for @EventPattern handlers; service, catalog and handlers come from KafkaModule. */
export type KafkaTransportOptions = Omit<EventConsumerOptions, 'service' | 'catalog' | 'subscriptions'> & {
  /** Topics whose handlers need per-key order over availability (blocking retries, no retry topics). */
  orderedTopics?: readonly string[];
};
