import type { EventConsumerOptions } from '@platform/kafka';

/** Consumer settings for @EventPattern handlers; service, catalog and handlers come from KafkaModule. */
export type KafkaTransportOptions = Omit<EventConsumerOptions, 'service' | 'catalog' | 'subscriptions'> & {
  /**
   * Topics whose handlers need per-key order over availability (blocking retries, no retry topics).
   * Prefer the service catalog's `orderedTopics`: `npm run topics -- apply` reads that one, and
   * plans retry topics for a topic listed only here. Given in both, they must agree on every
   * handled topic, or the transport fails at listen and says to remove this one.
   */
  orderedTopics?: readonly string[];
  /**
   * A handler (its promise, or the observable it returned) that has not settled after this long
   * is logged as a warning naming its topic, partition and offset, and again every as long after:
   * the partition waits for it while the consumer keeps heartbeating, so nothing else would say
   * so. Default 30 s.
   */
  stuckHandlerWarningMs?: number;
};
