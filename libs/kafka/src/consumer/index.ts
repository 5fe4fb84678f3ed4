export type {
  EventHandler,
  EventBatchHandler,
  EventBatchItem,
  EventContext,
  EventConsumer,
  ConsumerEvent,
  ConsumerLogger,
} from './event-consumer';
export type {
  EventConsumerOptions,
  TopicSubscription,
  AnyTopicSubscription,
  CommitPolicy,
  RetryOptions,
  OrderedOptions,
  SessionOptions,
} from './consumer-options';
export { createKafkaEventConsumer, type KafkaEventConsumerOptions } from './kafkajs-event-consumer';
export {
  consumerDerivedTopics,
  consumerSubscribedTopics,
  type ConsumerTopicsOptions,
} from './consumer-topics';
export { ensureConsumerTopics, findMissingTopics } from './ensure-consumer-topics';
export {
  retryTopicDelaysFor,
  DEFAULT_RETRY_TOPIC_DELAYS_MS,
  type RetryTopicDelaysSource,
} from './retry-topic-delays';
export { orderedModeFor, type OrderedModeSource } from './ordered-mode';
export { MissingTopicsError } from './consumer-errors';
export {
  DeadLetterHeader,
  DEAD_LETTER_HEADER_PREFIX,
  MAX_ERROR_STACK_BYTES,
  MAX_ERROR_MESSAGE_BYTES,
  deadLetterHeaders,
  type DeadLetterFacts,
} from './dead-letter-headers';
export { RetryHeader, RETRY_HEADER_PREFIX } from './retry-headers';
export { carriedHeaders } from './dead-letter';
export { backoffDelay, backoffCap, type BackoffOptions } from './backoff';
export type { PartitionCommit } from './commit-tracker';
export type { FailureReason, OrderedExhaustedAction } from './retry-policy';
